package javafutures.timeline;

import javafutures.futures.TaskFuture;
import javafutures.table.FutureTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders futures as a timeline: where and when each task ran. One lane per worker (thread name, {@code pid N},
 * {@code host:port (pid N)}), plus one for tasks that never started; one bar per task from its start to its
 * end, coloured by state, its queued time before it (lighter) and, for process and cluster tasks, its
 * serialization and transit time as a thin segment; a time axis in seconds from the first submit.
 *
 * <p>The bundle has {@code image/svg+xml} (a self-contained picture), {@code text/html} (the same SVG inline,
 * so hovering a bar shows its {@code <title>}: name, state, worker, queued and run times, result or error)
 * and a {@code text/plain} twin drawn in characters. Its size is bounded whatever the number of futures
 * (see {@link TimelineLayout}). Stateless and thread-safe; it reads each future once, never blocking.
 */
public final class Timeline {
    private Timeline() {
    }

    /** A static timeline of {@code futures} (at least one) as of now. */
    public static Map<String, String> render(List<? extends TaskFuture<?>> futures) {
        return render(futures, FutureTable::resultText);
    }

    /**
     * The bundle for {@code futures} as of now; {@code results} gives a done future's result or error text
     * (a live timeline caches it, as a result's {@code toString()} may be costly).
     */
    static Map<String, String> render(List<? extends TaskFuture<?>> futures, Function<TaskFuture<?>, String> results) {
        List<TimelineLayout.Entry> entries = entries(futures);
        // Read after the futures, so that no bar read above ends after "now".
        return render(entries, System.nanoTime(), results);
    }

    static Map<String, String> render(List<TimelineLayout.Entry> entries, long now, Function<TaskFuture<?>, String> results) {
        return render(TimelineLayout.build(entries, now), results);
    }

    static Map<String, String> render(TimelineLayout layout, Function<TaskFuture<?>, String> results) {
        String plain = TimelineText.render(layout);
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("image/svg+xml", TimelineSvg.standalone(layout, results));
        bundle.put("text/html", TimelineSvg.inline(layout, results, plain));
        bundle.put("text/plain", plain);
        return bundle;
    }

    static List<TimelineLayout.Entry> entries(List<? extends TaskFuture<?>> futures) {
        List<TimelineLayout.Entry> out = new ArrayList<>(futures.size());
        for (TaskFuture<?> f : futures) out.add(new TimelineLayout.Entry(f, f.name(), f.pool(), f.timing()));
        return out;
    }
}
