package javafutures.process;

import javafutures.futures.PoolRegistry;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM as the kernel sees it: its pipes, a reader thread turning its stdout into frames, a thread
 * draining its stderr (VM messages; the tail explains a death), and death detection.
 *
 * <p>Life: started (booting) → hello (ready; {@link #ready()}) → exited. It is exited once stdout ends or
 * breaks, or after a frame it sends is malformed (the kernel then kills it): {@link Events#exited} then fires
 * once, with the exit status. Frames are queued with {@link #enqueue} (never blocks; callers order them) and
 * written by {@link #drain()} (blocks while the pipe is full), all that are queued in one write and flush.
 * Every worker is destroyed when the kernel exits normally, and ends itself at end of stdin when the kernel
 * is killed. Thread-safe.
 */
public final class WorkerProcess {
    /** Receives what a worker sends; called on its reader thread, in order. */
    public interface Events {
        void frame(WorkerProcess worker, Frame frame);

        /**
         * No more frames from it are at hand (the reader would block for the next): what the frames before
         * asked to be written can go out now, in one write. Called after a frame, on the reader thread; also
         * after every {@value #BATCH_FRAMES}th frame of an unbroken stream of them.
         */
        default void caughtUp(WorkerProcess worker) {
        }

        /** @param reason why the kernel ended it (protocol error), or null when it ended by itself */
        void exited(WorkerProcess worker, int status, String reason);
    }

    private static final Set<WorkerProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final int STDERR_TAIL = 2048;
    /** Frames handled at most before {@link Events#caughtUp} even while more are buffered. */
    static final int BATCH_FRAMES = 64;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (WorkerProcess w : LIVE) w.process.destroyForcibly();
        }, "java-futures-worker-reaper"));
    }

    private final Process process;
    private final WorkerLauncher launcher;
    private final FrameWriter writer;
    private final ConcurrentLinkedQueue<Frame> outbox = new ConcurrentLinkedQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();
    private final long startNanos = System.nanoTime();
    private Events events;
    private boolean hello;
    private boolean exited;
    private int exitStatus;
    private String exitReason;
    private String writeFailure;
    /** Writes that sent at least one frame (guarded by the writer's monitor): batching shows here. */
    private long writes;
    private volatile PrintStream log = System.err;
    private Thread stderrThread;

    private WorkerProcess(Process process, WorkerLauncher launcher) {
        this.process = process;
        this.launcher = launcher;
        // Any size a frame can have: each task was checked against its pool's limit at submit.
        this.writer = new FrameWriter(process.getOutputStream(), Frames.MAX_PAYLOAD);
    }

    static WorkerProcess start(WorkerLauncher launcher) throws IOException {
        Process p = new ProcessBuilder(launcher.command()).start();
        WorkerProcess w = new WorkerProcess(p, launcher);
        LIVE.add(w);
        WorkerJars.attach(w); // the notebook's jars come first, before anything a pool sends
        // Pool threads: never in the group of the cell that made the pool, never with its output target.
        Thread reader = PoolRegistry.newDaemon(w::readLoop, "java-futures-worker-" + p.pid());
        reader.start();
        Thread err = PoolRegistry.newDaemon(w::stderrLoop, "java-futures-worker-stderr-" + p.pid());
        w.stderrThread = err;
        err.start();
        return w;
    }

    public long pid() {
        return process.pid();
    }

    public WorkerLauncher launcher() {
        return launcher;
    }

    /** Where the worker's raw stderr (VM warnings, crash reports) is echoed; the kernel log by default. */
    public void setLog(PrintStream log) {
        this.log = log;
    }

    /** True once the worker's HELLO arrived: its JVM booted and reads frames. */
    public synchronized boolean ready() {
        return hello;
    }

    public synchronized boolean exited() {
        return exited;
    }

    /**
     * Sends its events to {@code events} from now on. If it already exited, {@code exited} is delivered on
     * another thread soon; a HELLO that came before is reflected by {@link #ready()}.
     */
    public void attach(Events events) {
        boolean deliverExit;
        synchronized (this) {
            this.events = events;
            deliverExit = exited;
        }
        if (deliverExit) {
            PoolRegistry.newDaemon(() -> events.exited(this, exitStatus, exitReason), "java-futures-worker-exit").start();
        }
    }

    /** Queues a frame; the caller's order of calls is the order on the wire. Never blocks. */
    public void enqueue(byte type, long id, byte[] payload) {
        outbox.add(new Frame(type, id, payload));
    }

    /**
     * Writes queued frames and flushes. A frame that cannot be written (a broken pipe: the worker died) is
     * never dropped silently: the worker is killed with the reason, so its exit fails the task it was
     * running and puts the others sent to it back in the queue (see {@link Events#exited}).
     */
    public void drain() {
        synchronized (writer) {
            Frame f;
            try {
                int n = 0;
                for (; (f = outbox.poll()) != null; n++) writer.write(f.type(), f.id(), f.payload());
                writer.flush();
                if (n > 0) writes++;
            } catch (IOException e) {
                outbox.clear();
                synchronized (this) {
                    if (writeFailure == null) writeFailure = "the kernel could not write to it (" + e.getMessage() + ")";
                }
                process.destroyForcibly();
            }
        }
    }

    /** How many times frames were written and flushed to it (each time all the frames queued then). */
    long writes() {
        synchronized (writer) {
            return writes;
        }
    }

    /** Ends the worker's stdin: it exits by itself (the way a retiring or shut-down worker stops). */
    public void closeInput() {
        drain();
        synchronized (writer) {
            try {
                writer.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    /** Kills the JVM at once; {@link Events#exited} follows. */
    public void kill() {
        process.destroyForcibly();
    }

    /** The last couple of kilobytes the worker wrote to stderr. */
    public String stderrTail() {
        synchronized (stderrTail) {
            return stderrTail.toString();
        }
    }

    private void readLoop() {
        FrameReader reader = new FrameReader(process.getInputStream(), Frames.DEFAULT_MAX_PAYLOAD,
                Frames::workerToKernel);
        String reason = null;
        int unflushed = 0;
        try {
            Frame f;
            while ((f = reader.read()) != null) {
                Events target;
                synchronized (this) {
                    if (f.type() == Frames.HELLO) hello = true;
                    target = events;
                }
                if (target != null) {
                    target.frame(this, f);
                    // Bounded: a task that prints without pause keeps bytes buffered for ever.
                    if (!reader.hasBuffered() || ++unflushed >= BATCH_FRAMES) {
                        target.caughtUp(this);
                        unflushed = 0;
                    }
                }
            }
        } catch (FrameFormatException e) {
            reason = "it sent a malformed frame (" + e.getMessage() + "); the kernel killed it";
            process.destroyForcibly();
        } catch (IOException e) {
            // stdout broke: the process is ending
        } catch (RuntimeException | Error e) {
            reason = "the kernel failed handling its reply (" + e + "); the kernel killed it";
            process.destroyForcibly();
        }
        int status = awaitExit();
        Events target;
        synchronized (this) {
            if (reason == null) reason = writeFailure;
            exited = true;
            exitStatus = status;
            exitReason = reason;
            target = events;
        }
        LIVE.remove(this);
        WorkerJars.detach(this);
        if (target != null) target.exited(this, status, reason);
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly(); // stdout closed but the JVM lingers: do not leave it behind
                process.waitFor(5, TimeUnit.SECONDS);
            }
            stderrThread.join(1000); // its last words (e.g. the out-of-memory message) explain the death
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void stderrLoop() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getErrorStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                String s = new String(buf, 0, n, StandardCharsets.UTF_8);
                synchronized (stderrTail) {
                    stderrTail.append(s);
                    if (stderrTail.length() > STDERR_TAIL) stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
                }
                log.print("[worker " + pid() + "] " + s);
                log.flush();
            }
        } catch (IOException e) {
            // process gone
        }
    }

    /** Milliseconds since this worker was launched. */
    public long ageMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Decodes a HELLO payload's pid (for checks; equals {@link #pid()}). */
    static long helloPid(byte[] payload) throws IOException {
        return new DataInputStream(new ByteArrayInputStream(payload)).readLong();
    }

    @Override
    public String toString() {
        return "worker pid " + pid();
    }
}
