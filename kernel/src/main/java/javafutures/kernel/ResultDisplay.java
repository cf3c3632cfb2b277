package javafutures.kernel;

import javafutures.display.Renderer;
import javafutures.table.FutureTables;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** How a cell's value is shown as its {@code execute_result}. */
final class ResultDisplay {
    private ResultDisplay() {
    }

    /** The bundle for a cell's value, or null when it has shown itself some other way. */
    static DisplayData render(Object value) {
        // Futures (one, or a collection of them) show as a status table, live while any runs.
        if (FutureTables.displayIfFutures(value)) return null;
        return Renderer.render(value);
    }
}
