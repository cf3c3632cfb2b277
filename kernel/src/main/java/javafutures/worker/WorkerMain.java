package javafutures.worker;

import javafutures.futures.CheckedRunnable;
import javafutures.libraries.LibraryLoader;
import javafutures.process.Frame;
import javafutures.process.FrameFormatException;
import javafutures.process.FrameReader;
import javafutures.process.FrameWriter;
import javafutures.process.Frames;
import javafutures.process.PlainValues;
import javafutures.process.RemoteErrors;
import javafutures.process.SerialPaths;
import javafutures.process.TaskCodec;
import javafutures.process.Wire;
import javafutures.process.WorkerJars;

import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A worker JVM: {@code java -cp <kernel classpath> [jvmArgs] javafutures.worker.WorkerMain}.
 *
 * <p>Reads frames from stdin and answers on stdout (see {@link Frames}); user code's {@code System.out} and
 * {@code System.err} become OUTPUT frames and {@code System.in} is empty, so nothing but frames touches the
 * pipes. Runs one task at a time, in arrival order, on its main thread; a reader thread queues frames so
 * the next task is at hand when one finishes. Ends itself when stdin ends (so a worker never outlives its
 * kernel, even a SIGKILLed one), with status {@link Frames#EXIT_PROTOCOL_ERROR} after a malformed frame, and
 * {@link Frames#EXIT_INIT_FAILED} after a failing initializer.
 */
public final class WorkerMain {
    private final FrameWriter writer;
    private final TaskOutput output;
    /** The notebook's jars (JARS frames), under the notebook's classes; sees only the kernel's API besides. */
    private final LibraryLoader libraries = new LibraryLoader("notebook-libraries");
    private final SnippetLoaders loaders = new SnippetLoaders(libraries);
    private final LinkedBlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    /**
     * CANCELLED acks not written yet. The stdin reader never writes (see cancel); an ack is written by the
     * ack thread at once, or by the task thread before it runs a later task, whichever comes first, so an ack
     * never follows the reply of a task that was behind the cancelled one. Guarded by the inbox's monitor
     * (taking) and the writer's (taking and writing at once).
     */
    private final java.util.ArrayDeque<Long> acks = new java.util.ArrayDeque<>();
    private final java.util.concurrent.Semaphore ackSignal = new java.util.concurrent.Semaphore(0);
    private final TaskDecoder decoder = new TaskDecoder();
    private final Wire.Buffer reply = new Wire.Buffer(1 << 12);
    private final int maxPayload;
    private static final long TASK_STACK_BYTES = 256L << 20;

    private WorkerMain(FrameWriter writer, int maxPayload) {
        this.writer = writer;
        this.output = new TaskOutput(writer);
        this.maxPayload = maxPayload;
    }

    public static void main(String[] args) throws Exception {
        int maxPayload = Integer.getInteger("javafutures.worker.maxFrame", Frames.DEFAULT_MAX_PAYLOAD);
        // Private handles on the pipes before user code can reach them through System.
        FileInputStream stdin = new FileInputStream(FileDescriptor.in);
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        FrameWriter writer = new FrameWriter(stdout, maxPayload);
        WorkerMain worker = new WorkerMain(writer, maxPayload);
        worker.output.install();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::flushQuietly, "java-futures-worker-exit"));
        Wire.Buffer hello = new Wire.Buffer(64);
        DataOutputStream h = new DataOutputStream(hello);
        h.writeLong(ProcessHandle.current().pid());
        Wire.writeString(h, System.getProperty("java.version"));
        writer.write(Frames.HELLO, 0, hello.toByteArray());
        writer.flush();

        // Frames from the kernel may be as large as a frame can be: the kernel checks each task against its
        // pool's limit at submit (maxPayload bounds what this worker sends back).
        Thread reader = new Thread(() -> worker.readLoop(new FrameReader(stdin, Frames.MAX_PAYLOAD, Frames::kernelToWorker), log),
                "java-futures-worker-reader");
        reader.setDaemon(true);
        reader.start();
        Thread acker = new Thread(worker::ackLoop, "java-futures-worker-acks");
        acker.setDaemon(true);
        acker.start();
        // Tasks run on a thread with a large stack: deep user recursion, and deserializing data as deep as
        // the filter allows, should not overflow where the kernel's side did not.
        Thread tasks = new Thread(null, () -> {
            WarmUp.run(worker.decoder, () -> !worker.inbox.isEmpty());
            try {
                worker.runLoop();
            } catch (Throwable t) {
                log.println("java-futures worker: task loop failed: " + t);
                worker.flushQuietly();
                Runtime.getRuntime().halt(70);
            }
        }, "java-futures-task", TASK_STACK_BYTES);
        tasks.start();
    }

    private void readLoop(FrameReader reader, PrintStream log) {
        int status = 0;
        try {
            Frame f;
            while ((f = reader.read()) != null) {
                if (f.type() == Frames.CANCEL) cancel(f.id());
                else inbox.add(f);
            }
        } catch (FrameFormatException e) {
            log.println("java-futures worker " + ProcessHandle.current().pid() + ": rejected input: " + e.getMessage());
            status = Frames.EXIT_PROTOCOL_ERROR;
        } catch (IOException e) {
            log.println("java-futures worker: stdin failed: " + e);
        }
        flushQuietly();
        Runtime.getRuntime().halt(status); // a running task must not keep an orphan alive
    }

    /**
     * Drops a task that has not started and says so soon (out of order: the kernel expects that). The ack is
     * written by another thread: stdout may be full of a task's output while the kernel's reader is itself
     * blocked writing to our stdin, and a stdin reader waiting for stdout would close that cycle.
     */
    private void cancel(long id) {
        synchronized (inbox) {
            if (!inbox.removeIf(q -> q.type() == Frames.TASK && q.id() == id)) return;
            synchronized (acks) {
                acks.add(id);
            }
        }
        ackSignal.release();
    }

    private void ackLoop() {
        try {
            while (true) {
                ackSignal.acquire();
                synchronized (writer) {
                    writeAcks();
                    writer.flush();
                }
            }
        } catch (InterruptedException | IOException e) {
            // the kernel is gone
        }
    }

    /** Writes the acks not written yet; the caller holds the writer's monitor. */
    private void writeAcks() throws IOException {
        while (true) {
            Long id;
            synchronized (acks) {
                id = acks.poll();
            }
            if (id == null) return;
            writer.write(Frames.CANCELLED, id, new byte[0]);
        }
    }

    /** The next frame to handle; the acks of tasks cancelled before it was taken are written first. */
    private Frame next() throws InterruptedException, IOException {
        Frame f;
        synchronized (inbox) {
            f = inbox.poll();
        }
        if (f == null) {
            writer.flush(); // idle: let the kernel see every reply now
            f = inbox.take();
        }
        synchronized (writer) {
            writeAcks();
        }
        return f;
    }

    private void flushQuietly() {
        try {
            output.flushAll(true);
            writer.flush();
        } catch (IOException | RuntimeException e) {
            // nobody is listening any more
        }
    }

    private void runLoop() throws InterruptedException, IOException {
        while (true) {
            Frame f = next();
            switch (f.type()) {
                case Frames.CLASSES -> loaders.define(f.id(), f.payload());
                case Frames.FORGET -> loaders.forget(f.payload());
                case Frames.SHARED -> decoder.share(f.id(), f.payload(), loaders::forVersion);
                case Frames.UNSHARE -> decoder.unshare(f.id());
                case Frames.TASK -> runTask(f, false);
                case Frames.INIT -> runTask(f, true);
                case Frames.JARS -> addJars(f.payload());
                default -> throw new IllegalStateException("unexpected " + f);
            }
        }
    }

    private void addJars(byte[] payload) throws IOException {
        for (String path : WorkerJars.decode(payload)) libraries.add(java.nio.file.Path.of(path));
    }

    private void runTask(Frame f, boolean init) throws IOException {
        long id = f.id();
        // Replies of earlier tasks leave now: if this task halts the JVM they must not be lost with it.
        writer.flush();
        output.begin(id);
        Thread.interrupted();
        long start = System.nanoTime();
        Object value = null;
        Throwable error = null;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            Object task = decode(f.payload());
            if (task instanceof Callable<?> c) value = c.call();
            else if (task instanceof CheckedRunnable r) r.runChecked(); // its checked exception, unwrapped
            else ((Runnable) task).run();
        } catch (Throwable t) {
            error = t;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        long nanos = System.nanoTime() - start;
        output.flushAll(true);
        if (init) {
            if (error == null) {
                writer.write(Frames.INIT_OK, id, new byte[0]);
                return;
            }
            reply.reset();
            RemoteErrors.encode(error, reply);
            writer.write(Frames.INIT_FAILED, id, reply.array(), 0, reply.size());
            writer.flush();
            Runtime.getRuntime().halt(Frames.EXIT_INIT_FAILED);
        }
        if (error == null) {
            reply.reset();
            new DataOutputStream(reply).writeLong(nanos);
            if (!PlainValues.write(value, reply)) try (ObjectOutputStream oos = new ObjectOutputStream(reply)) {
                oos.writeObject(value);
            } catch (NotSerializableException e) {
                SerialPaths.Culprit c = SerialPaths.find(value, "the result");
                error = new NotSerializableException("the task's result" + (c == null ? "" : " (" + c.path() + " is a "
                        + c.type().getName() + ")") + " is not serializable, so it cannot return to the kernel: "
                        + e.getMessage());
            }
            if (error == null && reply.size() <= maxPayload) {
                writer.write(Frames.RESULT, id, reply.array(), 0, reply.size());
                return;
            }
            if (error == null) error = new IOException("the task's result is " + reply.size()
                    + " bytes serialized, over the frame limit of " + maxPayload + " bytes");
        }
        reply.reset();
        new DataOutputStream(reply).writeLong(nanos);
        RemoteErrors.encode(error, reply);
        writer.write(Frames.ERROR, id, reply.array(), 0, Math.min(reply.size(), maxPayload));
    }

    /** The task, after storing the values of the top-level variables it carries into this worker's classes. */
    private Object decode(byte[] payload) throws Exception {
        ClassLoader loader = loaders.forVersion(TaskCodec.classSetId(payload));
        Thread.currentThread().setContextClassLoader(loader);
        return decoder.decode(payload, 8, loader);
    }
}
