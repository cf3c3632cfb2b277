package javafutures.process;

import java.io.ObjectInputFilter;

/**
 * Limits on what one deserialization may build, applied on both sides (tasks in the worker, results and
 * errors in the kernel) so a corrupt or hostile stream fails with {@link java.io.InvalidClassException}
 * instead of exhausting memory or the stack. Classes are not restricted: notebook code decides which
 * types a task uses. Immutable and thread-safe.
 */
public final class SerialLimits {
    public static final int MAX_DEPTH = 2_000;
    public static final int MAX_ARRAY = 64 << 20;
    public static final long MAX_REFS = 20_000_000L;

    private SerialLimits() {
    }

    /** Parsing a filter pattern costs microseconds per task; the frame limit is the common case. */
    private static final ObjectInputFilter DEFAULT = create(Frames.DEFAULT_MAX_PAYLOAD);

    /** A filter for streams of at most {@code maxBytes} bytes. */
    public static ObjectInputFilter filter(long maxBytes) {
        return maxBytes <= Frames.DEFAULT_MAX_PAYLOAD ? DEFAULT : create(maxBytes);
    }

    /** Arrays may be as long as the stream allows bytes: a pool whose tasks may be large takes large arrays. */
    private static ObjectInputFilter create(long maxBytes) {
        return ObjectInputFilter.Config.createFilter("maxdepth=" + MAX_DEPTH + ";maxarray=" + Math.max(MAX_ARRAY, maxBytes)
                + ";maxrefs=" + MAX_REFS + ";maxbytes=" + maxBytes);
    }
}
