package javafutures.display;

import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.UUID;

/**
 * The notebook's display functions, statically imported into every cell: {@code display(...)},
 * {@code displayWithId(...)}, {@code updateDisplay(...)}, {@code clearOutput(...)}. They act on the calling
 * thread's cell (see {@link OutputRouter}), so a background task displays under the cell that submitted it.
 * Thread-safe. Outside a cell (no target) they do nothing and return null.
 */
public final class Display {
    private Display() {
    }

    /** Shows {@code value} under the current cell. */
    public static void display(Object value) {
        displayWithId(value);
    }

    /** Shows {@code value} as the given mime types, e.g. {@code display("<b>hi</b>", "text/html")}. */
    public static void display(Object value, String... mimeTypes) {
        displayWithId(value, mimeTypes);
    }

    /**
     * Shows {@code value} and returns its display id, for {@link #updateDisplay} (a separate name so that
     * a plain {@code display(x)} does not also show the id as the cell's value).
     */
    public static String displayWithId(Object value, String... mimeTypes) {
        CellTarget target = beforeOutput();
        if (target == null) return null;
        DisplayData data = Renderer.render(value, mimeTypes);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        target.display(data);
        return id;
    }

    /** Replaces the content of the display {@code displayId} (from {@link #displayWithId}) with {@code value}. */
    public static void updateDisplay(String displayId, Object value, String... mimeTypes) {
        if (displayId == null || displayId.isBlank()) {
            throw new IllegalArgumentException("updateDisplay needs the display id that display(...) returned");
        }
        CellTarget target = beforeOutput();
        if (target == null) return;
        DisplayData data = Renderer.render(value, mimeTypes);
        data.setDisplayId(displayId);
        target.updateDisplay(data);
    }

    /** Clears the current cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the current cell's output; with {@code wait}, only when new output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        CellTarget target = beforeOutput();
        if (target != null) target.clearOutput(wait);
    }

    private static CellTarget beforeOutput() {
        CellTarget target = OutputRouter.current();
        OutputRouter router = OutputRouter.get();
        if (router != null) router.flushThread(Thread.currentThread());
        return target;
    }
}
