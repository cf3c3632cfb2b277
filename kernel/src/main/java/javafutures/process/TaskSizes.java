package javafutures.process;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Explains a task that is over its size limit: which part of it (a captured variable, a notebook variable it
 * reads, a map chunk's items) makes it big, and how to fix it. Runs only when a task is too large, so it may
 * serialize parts again to measure them. Stateless.
 */
final class TaskSizes {
    private static final long MIB = 1 << 20;

    /** One part of a task: what the user calls it, and its value. */
    record Part(String name, Object value) {
    }

    private TaskSizes() {
    }

    /**
     * @param carried the notebook variables the task reads, as written after it
     * @param size    the whole task's serialized size
     * @param limit   the pool's limit ({@link Frames#MAX_PAYLOAD} when there is no option to raise it)
     */
    static TaskTooLargeException tooLarge(Object task, List<Part> carried, long size, long limit) {
        List<Part> parts = new ArrayList<>();
        boolean isChunk = task instanceof MapChunk<?, ?>;
        if (task instanceof MapChunk<?, ?> chunk) {
            parts.add(new Part("the chunk's " + chunk.itemCount() + " item" + (chunk.itemCount() == 1 ? "" : "s"), chunk.items()));
            task = chunk.sharedId() == 0 ? chunk.function() : null; // a sharing chunk's function travels apart
        }
        SerializedLambda lambda = task == null ? null : SerialPaths.lambdaForm(task);
        if (lambda != null) {
            for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
                String name = CaptureNames.name(lambda, i);
                parts.add(new Part(name == null ? "captured value #" + (i + 1) : "captured variable `" + name + "`",
                        lambda.getCapturedArg(i)));
            }
        }
        for (Part p : carried) parts.add(new Part("notebook variable `" + p.name() + "`", p.value()));
        Part biggest = null;
        long biggestSize = -1;
        for (Part p : parts) {
            long s = sizeOf(p.value());
            if (s > biggestSize) {
                biggest = p;
                biggestSize = s;
            }
        }
        StringBuilder m = new StringBuilder("The task is ").append(bytes(size)).append(" serialized, over ");
        boolean raisable = limit < Frames.MAX_PAYLOAD;
        m.append(raisable ? "this pool's limit of " : "the largest size a task can have, ").append(bytes(limit))
                .append(" (").append(mib(limit)).append("), so it was not sent.");
        if (biggest != null && biggestSize > size / 4) {
            m.append(" Most of it is ").append(biggest.name()).append(" (")
                    .append(biggest.value() == null ? "null" : "a " + biggest.value().getClass().getTypeName())
                    .append(", ").append(bytes(biggestSize)).append(").");
        }
        m.append(" What a task captures and the notebook variables it reads are copied to the worker with every"
                + " task. Fix: create or load the data inside the task, so that it never travels; split the work"
                + " into smaller tasks");
        if (isChunk) m.append(" (a smaller chunkSize for map)");
        if (raisable) {
            long suggested = Math.min(Frames.MAX_PAYLOAD / MIB, ((size + MIB - 1) / MIB + 63) / 64 * 64);
            m.append("; or raise the limit: ProcessPool.builder().maxTaskBytes(").append(suggested)
                    .append("L << 20).build() (with %%process, pass such a pool with --pool NAME)");
        }
        return new TaskTooLargeException(m.append('.').toString(), size, limit);
    }

    /** Bytes of {@code value} serialized alone, or -1 if it does not serialize. */
    static long sizeOf(Object value) {
        Counter c = new Counter();
        try (ObjectOutputStream out = new ObjectOutputStream(c)) {
            out.writeObject(value);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return -1;
        }
        return c.count;
    }

    static String bytes(long n) {
        return String.format(Locale.ROOT, "%,d bytes", n);
    }

    static String mib(long n) {
        return n % MIB == 0 ? (n / MIB) + " MiB" : String.format(Locale.ROOT, "%.1f MiB", n / (double) MIB);
    }

    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
