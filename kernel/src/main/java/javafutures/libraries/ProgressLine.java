package javafutures.libraries;

import javafutures.display.Renderer;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.UUID;

/**
 * One line under the cell that says what a {@code %maven} is doing, updated in place (one display id,
 * {@code update_display_data}) as pip and Maven update theirs, at most ten times a second, and replaced at
 * the end by the result ({@code added 2 jars: ...}), which is what a saved notebook keeps. Made on the cell's
 * thread, whose cell it writes to; {@link #report} may then be called from any thread.
 */
final class ProgressLine implements ResolverEvents.Progress {
    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final CellTarget target = OutputRouter.current();
    private final String id = UUID.randomUUID().toString();
    private boolean shown;
    private boolean finished;
    private long lastNanos;
    private String pending;
    private String current;

    ProgressLine(String first) {
        show(first);
    }

    @Override
    public synchronized void report(String line) {
        if (finished) return;
        if (System.nanoTime() - lastNanos < MIN_INTERVAL_NANOS) {
            pending = line;
        } else {
            show(line);
        }
    }

    /** Shows the last line a throttled {@link #report} held back. */
    synchronized void flush() {
        if (pending != null && !finished) show(pending);
    }

    /** The final text; later reports are ignored. */
    synchronized void finish(String text) {
        show(text);
        finished = true;
    }

    private void show(String text) {
        pending = null;
        lastNanos = System.nanoTime();
        if (target == null || text.equals(current)) return;
        current = text;
        DisplayData data = Renderer.render(text, "text/plain");
        data.setDisplayId(id);
        if (shown) {
            target.updateDisplay(data);
        } else {
            target.display(data);
            shown = true;
        }
    }
}
