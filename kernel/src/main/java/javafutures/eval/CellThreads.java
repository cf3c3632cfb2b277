package javafutures.eval;

import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a cell's code on a fresh thread in its own {@link CellThreadGroup} and stops it on request.
 * Both JShell snippets (through {@link CellExecutionControl}) and blocking magics run here, so the
 * stop button works the same for {@code while (true) {}}, {@code Thread.sleep}, {@code future.get()}
 * and {@code %wait}.
 *
 * <p>Stopping, in order: flag the group and arm the woven stop checks ({@link CellStop}: they end loops in
 * notebook code, and cost nothing while no stop is outstanding), interrupt its threads (ends sleeps and
 * waits), and after a grace period end what still runs (a loop inside JDK or library code) with an
 * asynchronous exception: {@code ThreadGroup.stop()} on JDK 17 to 19, JVMTI {@code StopThread} through the
 * Foreign Function API on JDK 22+ ({@link JvmtiThreadStop}). JDK 20 and 21 have neither: a thread that still
 * runs after {@link #ABANDON_AFTER_MS} is abandoned, the cell ends with an error saying so and why, and the
 * kernel stays usable.
 *
 * <p>One cell runs at a time (the kernel's shell thread serialises them); {@link #stopCurrent()} may
 * be called from any thread. An interrupt is tied to the run that was current when it arrived, so an
 * interrupt that races with a cell's end never hits the next cell.
 *
 * <p>Why a spare: starting a thread waits until the new thread has been scheduled and set up, which was
 * a good part of a trivial cell's latency on a busy machine. So the next run's group and thread are made
 * and started ahead, by a background thread, right after a run that took the previous spare ended; the thread waits
 * (parked) for its body. It is created without the creator's inheritable thread-locals and takes the
 * caller's output target and context class loader when it gets its body, so it behaves as a thread the
 * caller had just started: threads the cell starts inherit its group and its cell.
 */
public final class CellThreads {
    static final long STOP_GRACE_MS = 300;
    static final long ABANDON_AFTER_MS = 2_000;

    private static final ThreadGroup CELLS = new ThreadGroup("java-futures-cells");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final AtomicReference<Run> CURRENT = new AtomicReference<>();
    /**
     * The execution (one cell) the kernel is running, stopped or not. An interrupt that arrives while the
     * cell compiles, or between two of its snippets, finds no running thread; it marks the execution so
     * that the cell's next snippet or magic does not start.
     */
    private static final AtomicReference<Execution> EXECUTION = new AtomicReference<>();
    /** Groups of stopped cells that may still have threads: the stop checks stay armed while there are any. */
    private static final Set<CellThreadGroup> STOPPED = new HashSet<>();

    private static final class Execution {
        volatile boolean stopped;
    }

    /** Thrown by {@link #run} when the cell was stopped. {@code abandoned} if its thread could not be ended. */
    public static final class StoppedException extends Exception {
        private final boolean abandoned;

        StoppedException(boolean abandoned) {
            this(abandoned, null);
        }

        StoppedException(boolean abandoned, String why) {
            super(abandoned
                    ? "Interrupted, but the cell's thread is still running inside JDK or library code, which "
                      + "this JVM cannot stop" + (why == null ? "" : " (" + why + ")")
                      + ". The kernel is usable; restart it to end that thread."
                    : "Interrupted");
            this.abandoned = abandoned;
        }

        public boolean abandoned() {
            return abandoned;
        }
    }

    /**
     * A started cell thread in its own group, waiting for one body ({@link #give}); it runs it and ends.
     * Thread-safe.
     */
    private static final class Spare implements Runnable {
        final CellThreadGroup group;
        final Thread thread;
        private volatile Runnable body;

        Spare() {
            group = new CellThreadGroup(CELLS, "cell-" + COUNTER.incrementAndGet());
            thread = new Thread(group, this, group.getName(), 0, false);
            thread.setDaemon(true);
        }

        void give(Runnable body) {
            this.body = body;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            Runnable b;
            while ((b = body) == null) LockSupport.park(this);
            b.run();
        }
    }

    /** The next run's thread, started ahead (null while it is being made). */
    private static final AtomicReference<Spare> SPARE = new AtomicReference<>();
    /** Released when a run took the spare: the maker thread then makes the next one. */
    private static final Semaphore SPARE_WANTED = new Semaphore(1);

    static {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread maker = new Thread(root, CellThreads::makeSpares, "java-futures-cell-spares", 0, false);
        maker.setDaemon(true);
        maker.start();
    }

    private static void makeSpares() {
        while (true) {
            try {
                SPARE_WANTED.acquire();
                // Runs that found no spare made their own and asked too: one spare is enough. Only this thread
                // stores a spare, so one still there was not taken and must not be replaced (a replaced spare
                // would wait for a body forever, a live thread in a live group for the rest of the session).
                SPARE_WANTED.drainPermits();
                if (SPARE.get() != null) continue;
                Spare s = new Spare();
                s.thread.start();
                SPARE.set(s);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                System.err.println("java-futures: could not start a spare cell thread: " + e);
            }
        }
    }

    /** The parent of every cell's group; for tests. */
    static ThreadGroup cellGroups() {
        return CELLS;
    }

    /** True when the next run's spare is ready and no other is being made (its group exists); for tests. */
    static boolean spareReady() {
        return SPARE.get() != null && SPARE_WANTED.availablePermits() == 0;
    }

    /**
     * The spare thread if one is ready, else a new one started now. The caller asks for the next spare
     * ({@link #wantSpare}) once its body has ended, not here: making a thread (a group, a thread, its start)
     * beside the body's first moments would compete with them for the CPU on a small machine, and the next
     * snippet's compilation leaves the maker ample time.
     */
    private static Spare takeSpare() {
        Spare s = SPARE.getAndSet(null);
        if (s == null) {
            s = new Spare();
            s.thread.start();
        }
        return s;
    }

    private static void wantSpare() {
        SPARE_WANTED.release();
    }

    private static final class Run {
        final CellThreadGroup group;
        final Thread thread;
        volatile long stopRequestedAt;
        /** Why the forced stop did not work, if it did not. */
        volatile String forceStopFailure;

        Run(CellThreadGroup group, Thread thread) {
            this.group = group;
            this.thread = thread;
        }
    }

    private CellThreads() {
    }

    /**
     * Runs {@code body} on a new cell thread and waits for it. Its exception, if any, is rethrown as is;
     * a stop ends it with {@link StoppedException}. The caller's interrupt status is not used: only
     * {@link #stopCurrent()} stops a cell.
     */
    public static <T> T run(Callable<T> body, ClassLoader contextLoader) throws Exception {
        Execution execution = EXECUTION.get();
        if (execution != null && execution.stopped) throw new StoppedException(false);
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // What a thread started here would inherit: the caller's cell (output target) and context loader.
        CellTarget target = OutputRouter.current();
        ClassLoader loader = contextLoader != null ? contextLoader : Thread.currentThread().getContextClassLoader();
        Spare spare = takeSpare();
        Thread thread = spare.thread;
        Run run = new Run(spare.group, thread);
        CURRENT.set(run);
        boolean given = false;
        try {
            // Again, now that the run is visible: a stop that read CURRENT before it was set has marked the
            // execution (both are volatile, so one of the two sides sees the other's write).
            if (execution != null && execution.stopped) throw new StoppedException(false);
            spare.give(() -> {
                Thread.currentThread().setContextClassLoader(loader);
                OutputRouter.setCurrent(target);
                try {
                    result.set(body.call());
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            given = true;
            waitFor(run);
        } finally {
            if (!given) spare.give(() -> { }); // a stop came first: the thread ends without running the cell
            CURRENT.compareAndSet(run, null);
            wantSpare();
            releaseStops();
        }
        Throwable t = failure.get();
        if (run.stopRequestedAt != 0 && (t == null || isStop(t))) {
            throw new StoppedException(thread.isAlive(), run.forceStopFailure);
        }
        if (t instanceof Exception) throw (Exception) t;
        if (t instanceof Error) throw (Error) t;
        @SuppressWarnings("unchecked") T value = (T) result.get();
        return value;
    }

    private static boolean isStop(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CellStoppedError || c instanceof InterruptedException
                    || c.getClass().getName().equals("java.lang.ThreadDeath")) {
                return true;
            }
            if (c.getCause() == c) break;
        }
        return false;
    }

    private static void waitFor(Run run) {
        boolean escalated = false;
        while (run.thread.isAlive()) {
            try {
                run.thread.join(50);
            } catch (InterruptedException e) {
                // The shell thread is never interrupted by design; keep waiting for the cell.
            }
            long since = run.stopRequestedAt;
            if (since == 0) continue;
            long waited = (System.nanoTime() - since) / 1_000_000;
            if (!escalated && waited >= STOP_GRACE_MS) {
                escalated = true;
                run.forceStopFailure = forceStop(run.group);
            }
            if (waited >= ABANDON_AFTER_MS) return;
        }
    }

    /** Marks the start of a cell's execution; stops from now on until {@link #endExecution()} apply to it. */
    public static void beginExecution() {
        EXECUTION.set(new Execution());
    }

    /** Marks the end of a cell's execution: a later stop cannot reach the next cell. */
    public static void endExecution() {
        EXECUTION.set(null);
    }

    /** True if the current execution was stopped (a snippet or magic that has not started must not). */
    public static boolean executionStopped() {
        Execution execution = EXECUTION.get();
        return execution != null && execution.stopped;
    }

    /** Stops the running cell, if any. Returns true if there was one. */
    public static boolean stopCurrent() {
        Execution execution = EXECUTION.get();
        if (execution != null) execution.stopped = true;
        Run run = CURRENT.get();
        if (run == null) return execution != null;
        if (run.stopRequestedAt == 0) run.stopRequestedAt = System.nanoTime();
        run.group.requestStop();
        synchronized (STOPPED) {
            STOPPED.add(run.group);
            CellStop.arm();
        }
        interruptAll(run.group);
        // Should the cell still run after the grace period, the forced stop is ready by then (a first
        // interrupt soon after the kernel started may come before its set-up in the background).
        if (Runtime.version().feature() >= 22) JvmtiThreadStop.prepareInBackground();
        return true;
    }

    /**
     * Disarms the stop checks once every stopped cell's threads have ended. A thread that could not be ended
     * (JDK 20 and 21) keeps them armed, so that it still stops at its next check if it comes back to
     * notebook code; each later cell's end looks again.
     */
    private static void releaseStops() {
        synchronized (STOPPED) {
            if (STOPPED.isEmpty()) return;
            STOPPED.removeIf(g -> g.activeCount() == 0);
            if (STOPPED.isEmpty()) CellStop.disarm();
        }
    }

    /** True while a cell runs. */
    public static boolean isRunning() {
        return CURRENT.get() != null;
    }

    private static void interruptAll(ThreadGroup group) {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads);
        for (int i = 0; i < n; i++) threads[i].interrupt();
    }

    /**
     * Ends every thread of a stopped cell that still runs, with an asynchronous {@link CellStoppedError}.
     * Returns null, or why it could not.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static String forceStop(ThreadGroup group) {
        int feature = Runtime.version().feature();
        if (feature < 20) {
            try {
                group.stop();
                return null;
            } catch (UnsupportedOperationException | SecurityException e) {
                return "ThreadGroup.stop failed: " + e;
            }
        }
        if (feature < 22) {
            return "JDK " + feature + " has neither Thread.stop nor the final Foreign Function API; JDK 17-19 and 22+ do";
        }
        String failure = null;
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads);
        for (int i = 0; i < n; i++) {
            String why = JvmtiThreadStop.stop(threads[i], new CellStoppedError());
            if (why != null) failure = why;
        }
        return failure;
    }

    /**
     * Sets up the forced stop ahead of need (on JDK 22+ it takes a moment the first time), so that the first
     * interrupt of a runaway loop is as quick as the later ones. Returns null, or why stopping such a loop
     * will not work on this JVM.
     */
    public static String prepareForcedStop() {
        int feature = Runtime.version().feature();
        if (feature < 20) return null;
        if (feature < 22) return "JDK " + feature + " has neither Thread.stop nor the final Foreign Function API";
        return JvmtiThreadStop.availability();
    }
}
