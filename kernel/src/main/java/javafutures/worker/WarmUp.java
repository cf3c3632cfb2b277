package javafutures.worker;

import javafutures.process.Frame;
import javafutures.process.FrameReader;
import javafutures.process.FrameWriter;
import javafutures.process.Frames;
import javafutures.process.PlainValues;
import javafutures.process.RemoteErrors;
import javafutures.process.TaskCodec;
import javafutures.process.Wire;

import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Runs a worker's own task path in-process while the worker waits for its first frame (typically as a warm
 * spare): task frames written and read back, tasks decoded (compact lambdas, captured values), run, and their
 * results encoded into RESULT frames, a few thousand times, so that the JIT has compiled that path before a
 * pool adopts the worker. In a fresh JVM the first couple of thousand tasks otherwise run it interpreted or
 * in profiling code, several times slower.
 *
 * <p>Bounded ({@code javafutures.worker.warmUpTasks}, default {@value #DEFAULT_TASKS}; 0 turns it off) and
 * stopped by the first frame from the kernel: it runs on the task thread between frames, so a real frame
 * waits at most for one warm-up task. Nothing it does is visible outside the worker. Not thread-safe: the
 * task thread only.
 */
final class WarmUp {
    static final int DEFAULT_TASKS = 2000;
    private static final int BATCH = 50;

    interface WarmTask extends Callable<Object>, Serializable {
    }

    private WarmUp() {
    }

    /** Warms up until {@code frameWaiting} is true or the bound is reached; never throws. */
    static void run(TaskDecoder decoder, BooleanSupplier frameWaiting) {
        int tasks = Integer.getInteger("javafutures.worker.warmUpTasks", DEFAULT_TASKS);
        try {
            if (tasks <= 0 || frameWaiting.getAsBoolean()) return;
            List<byte[]> payloads = payloads();
            ClassLoader loader = WarmUp.class.getClassLoader();
            Wire.Buffer frames = new Wire.Buffer(1 << 14);
            Wire.Buffer reply = new Wire.Buffer(1 << 10);
            FrameWriter results = new FrameWriter(OutputStream.nullOutputStream(), Frames.DEFAULT_MAX_PAYLOAD);
            for (int done = 0; done < tasks; ) {
                frames.reset();
                FrameWriter out = new FrameWriter(frames, Frames.MAX_PAYLOAD);
                for (int i = 0; i < BATCH; i++) {
                    byte[] p = payloads.get(i % payloads.size());
                    out.write(Frames.TASK, done + i, p);
                }
                out.flush();
                FrameReader in = new FrameReader(new ByteArrayInputStream(frames.array(), 0, frames.size()),
                        Frames.MAX_PAYLOAD, Frames::kernelToWorker);
                Frame f;
                while ((f = in.read()) != null) {
                    if (frameWaiting.getAsBoolean()) return;
                    TaskCodec.classSetId(f.payload());
                    Object value = ((Callable<?>) decoder.decode(f.payload(), 8, loader)).call();
                    reply.reset();
                    new DataOutputStream(reply).writeLong(0);
                    if (!PlainValues.write(value, reply)) {
                        try (ObjectOutputStream oos = new ObjectOutputStream(reply)) {
                            oos.writeObject(value);
                        }
                    }
                    results.write(Frames.RESULT, f.id(), reply.array(), 0, reply.size());
                    done++;
                }
                results.flush();
            }
            reply.reset();
            RemoteErrors.encode(new IllegalStateException("warm-up"), reply);
        } catch (Exception | LinkageError e) {
            // only a warm-up
        }
    }

    /** Task shapes: the trivial lambda of the benchmarks, one capturing a string and a list, one returning a list. */
    private static List<byte[]> payloads() {
        int k = 41;
        String s = "s";
        List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
        WarmTask plus = () -> k + 1;
        WarmTask text = () -> s + list.size();
        WarmTask listed = () -> new ArrayList<>(list);
        List<byte[]> out = new ArrayList<>();
        for (WarmTask t : List.of(plus, plus, text, plus, listed)) out.add(TaskCodec.prepare(t).bytes());
        return out;
    }
}
