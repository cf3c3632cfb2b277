package javafutures.futures;

import java.time.Duration;

/** Durations as people read them in messages: {@code 250ms}, {@code 1.5s}, {@code 2m 5s}. */
final class Durations {
    private Durations() {
    }

    static String text(long nanos) {
        if (nanos < 0) return "forever";
        long ms = nanos / 1_000_000;
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0).replace(".0s", "s");
        return (ms / 60_000) + "m " + (ms / 1000 % 60) + "s";
    }

    static String text(Duration d) {
        return text(TaskFuture.saturatedNanos(d));
    }
}
