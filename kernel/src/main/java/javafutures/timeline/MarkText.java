package javafutures.timeline;

import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import javafutures.futures.TaskTiming;
import javafutures.table.Cells;

import java.util.Locale;
import java.util.function.Function;

/**
 * The words of a timeline: the summary line, a bar's hover text, times. Shared by the SVG and its text twin.
 * Stateless.
 */
final class MarkText {
    /** Characters of a result or error kept in a hover text. */
    static final int RESULT_CHARS = 160;
    static final int NAME_CHARS = 60;

    private MarkText() {
    }

    /** {@code 8 tasks on 2 workers · 2.03 s · 6 finished, 1 failed, 1 running}. */
    static String summary(TimelineLayout l) {
        StringBuilder sb = new StringBuilder();
        sb.append(l.tasks).append(l.tasks == 1 ? " task" : " tasks");
        if (l.workers > 0) sb.append(" on ").append(l.workers).append(l.workers == 1 ? " worker" : " workers");
        sb.append(" · ").append(seconds(l.span));
        String sep = " · ";
        for (TaskState s : new TaskState[] {TaskState.FINISHED, TaskState.FAILED, TaskState.CANCELLED,
                TaskState.RUNNING, TaskState.PENDING}) {
            int n = l.count(s);
            if (n == 0) continue;
            sb.append(sep).append(n).append(' ').append(s == TaskState.PENDING ? "waiting" : s.name().toLowerCase(Locale.ROOT));
            sep = ", ";
        }
        return sb.toString();
    }

    /** The hover text of a mark: everything about its task, or a summary of the tasks merged into it. */
    static String title(TimelineLayout l, TimelineLayout.Lane lane, TimelineLayout.Mark m,
                        Function<TaskFuture<?>, String> results) {
        return m.single() ? task(l, m.first, results) : group(l, lane, m);
    }

    private static String task(TimelineLayout l, TimelineLayout.Entry e, Function<TaskFuture<?>, String> results) {
        TaskTiming t = e.timing();
        StringBuilder sb = new StringBuilder(name(e)).append(" · ").append(t.state());
        if (!t.started() && t.state() == TaskState.CANCELLED) sb.append(" before it started");
        sb.append('\n');
        if (t.started()) {
            sb.append("worker: ").append(t.worker()).append(" · pool: ").append(e.pool()).append('\n');
            sb.append("queued ").append(duration(t.queued(l.now).toNanos()));
            sb.append(t.state() == TaskState.RUNNING ? ", running for " : ", ran ").append(duration(t.run(l.now).toNanos()));
            long transit = t.transit().toNanos();
            if (t.remoteRunNanos() >= 0) {
                sb.append(" (in the worker ").append(duration(t.remoteRunNanos()))
                        .append(", serialization + transit ").append(duration(transit)).append(')');
            }
            sb.append('\n').append("submitted at ").append(at(l, t.submittedNanos())).append(", started at ")
                    .append(at(l, t.startedNanos()));
            if (t.state().isDone()) sb.append(", ended at ").append(at(l, t.endedNanos()));
        } else {
            sb.append("pool: ").append(e.pool()).append('\n');
            sb.append(t.state().isDone() ? "waited " : "waiting for a worker for ").append(duration(t.queued(l.now).toNanos()));
            sb.append(", submitted at ").append(at(l, t.submittedNanos()));
        }
        if (t.state().isDone() && t.state() != TaskState.CANCELLED) {
            String r = results.apply(e.future());
            sb.append('\n').append(t.state() == TaskState.FAILED ? "error: " : "result: ").append(Cells.truncate(r, RESULT_CHARS));
        }
        return sb.toString();
    }

    private static String group(TimelineLayout l, TimelineLayout.Lane lane, TimelineLayout.Mark m) {
        StringBuilder sb = new StringBuilder().append(m.count).append(" tasks, ").append(name(m.first)).append(" … ")
                .append(name(m.last)).append('\n');
        String sep = "";
        for (TaskState s : TaskState.values()) {
            int n = m.byState[s.ordinal()];
            if (n == 0) continue;
            sb.append(sep).append(n).append(' ').append(s);
            sep = ", ";
        }
        sb.append("\non ").append(lane.label());
        if (m.maxRun > 0 || m.minRun == 0) {
            sb.append("\nran ").append(duration(m.minRun));
            if (m.maxRun != m.minRun) sb.append(" to ").append(duration(m.maxRun));
            sb.append(" each");
        }
        sb.append("\nfrom ").append(at(l, m.from)).append(" to ").append(at(l, m.to));
        return sb.toString();
    }

    static String name(TimelineLayout.Entry e) {
        return Cells.truncate(Cells.oneLine(e.name()), NAME_CHARS);
    }

    /** A duration, short: {@code 0.42 ms}, {@code 4.2 ms}, {@code 420 ms}, {@code 4.20 s}, {@code 420 s}. */
    static String duration(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1) return String.format(Locale.ROOT, "%.2f ms", ms);
        if (ms < 10) return String.format(Locale.ROOT, "%.1f ms", ms);
        if (ms < 1000) return String.format(Locale.ROOT, "%.0f ms", ms);
        if (ms < 100_000) return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        return String.format(Locale.ROOT, "%.0f s", ms / 1000);
    }

    /** A moment as seconds since the timeline's first submit: {@code 1.234 s}. */
    static String at(TimelineLayout l, long nanos) {
        return String.format(Locale.ROOT, "%.3f s", (nanos - l.origin) / 1e9);
    }

    /** A span in seconds for the summary line. */
    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
    }

    /** Axis ticks: a step of 1, 2 or 5 times a power of ten giving about {@code want} intervals, and its decimals. */
    static double tickStep(double spanSeconds, int want) {
        double raw = spanSeconds / Math.max(1, want);
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / pow;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
    }

    /** A tick's label, with as many decimals as the step needs: {@code 0 s}, {@code 0.5 s}, {@code 0.05 s}. */
    static String tick(double value, double step) {
        if (value == 0) return "0 s";
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f s", value);
    }
}
