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

    /** {@code d} in nanoseconds, saturated instead of overflowing. */
    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A timeout argument in nanoseconds: null is an error naming it, negative means zero. */
    static long nonNegativeNanos(Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "timeout");
        return Math.max(0, saturatedNanos(timeout));
    }
}
