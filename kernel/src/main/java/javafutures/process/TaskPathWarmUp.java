package javafutures.process;

import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Runs the kernel's own per-task path of a process pool in-process, a slice at a time while the kernel is idle,
 * so that the JIT has compiled it before a notebook's first burst of tasks: a task prepared as a submit
 * prepares it ({@link TaskCodec#prepare}: the plain-lambda form), written as a TASK frame, its RESULT frame
 * read back and its value decoded as a reply is. In a fresh kernel the first couple of thousand submits
 * otherwise run that code interpreted or in profiling code, several times slower (the kernel's counterpart of
 * the workers' own warm-up, {@code javafutures.worker.WarmUp}).
 *
 * <p>Bounded: {@code javafutures.kernel.warmUpTasks} tasks in all (default {@value #DEFAULT_TASKS}; 0 turns it
 * off), in slices of at most {@link #SLICE_NANOS} each. Nothing it does is visible outside it: no pool, no
 * future, no worker, no output. Not thread-safe: one caller thread (the kernel's shell thread when idle).
 */
public final class TaskPathWarmUp {
    static final int DEFAULT_TASKS = 2000;
    /** One slice's time (a request that comes meanwhile waits for it), checked every task. */
    static final long SLICE_NANOS = 5_000_000;

    private final Wire.Buffer frames = new Wire.Buffer(1 << 12);
    private final Wire.Buffer reply = new Wire.Buffer(64);
    private int left;
    private Throwable failure;

    public TaskPathWarmUp() {
        this(Integer.getInteger("javafutures.kernel.warmUpTasks", DEFAULT_TASKS));
    }

    TaskPathWarmUp(int tasks) {
        left = Math.max(0, tasks);
    }

    /** True once every warm-up task has run (or it failed, or it was off): later calls do nothing. */
    public boolean done() {
        return left == 0;
    }

    /** Runs warm-up tasks for about {@link #SLICE_NANOS} at most; never throws. */
    public void slice() {
        long end = System.nanoTime() + SLICE_NANOS;
        try {
            while (left > 0 && System.nanoTime() < end) {
                runOne(left);
                left--;
            }
        } catch (Exception | LinkageError e) {
            failure = e;
            left = 0; // only a warm-up: a real pool reports whatever this met
        }
    }

    /** What ended the warm-up early, or null (for tests). */
    Throwable failure() {
        return failure;
    }

    private void runOne(int k) throws IOException, ClassNotFoundException {
        PreparedTask task = TaskCodec.prepare(plusOne(k), Frames.MAX_PAYLOAD);
        frames.reset();
        FrameWriter out = new FrameWriter(frames, Frames.MAX_PAYLOAD);
        out.write(Frames.TASK, k, task.payload(), 0, task.length());
        reply.reset();
        new DataOutputStream(reply).writeLong(0); // the worker's run time, as a worker writes it
        PlainValues.write(k + 1, reply);
        out.write(Frames.RESULT, k, reply.array(), 0, reply.size());
        out.flush();
        FrameReader in = new FrameReader(new ByteArrayInputStream(frames.array(), 0, frames.size()),
                Frames.MAX_PAYLOAD, b -> true);
        Frame sent = in.read();
        Frame result = in.read();
        if (sent == null || result == null || !Integer.valueOf(k + 1).equals(TaskCodec.decodeValue(result.payload(), 8, task.loader()))) {
            throw new IllegalStateException("warm-up task " + k + " did not round-trip");
        }
    }

    /** The trivial task of the benchmarks and of many notebooks: a lambda capturing one int. */
    private static SerializableCallable<Integer> plusOne(int k) {
        return () -> k + 1;
    }
}
