package javafutures.process;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@link PreparedTask}s on a set of worker JVMs: the scheduler under a {@code ProcessPool}.
 *
 * <p>Each worker runs one task at a time. Tasks wait in one FIFO queue and go to the least-loaded worker;
 * while tasks turn out short (well under a millisecond) up to {@code maxWindow} are sent ahead per worker so
 * it never waits for the next, and an idle worker takes back not-yet-started tasks from a busy one. Before a
 * task, the worker gets the class-set versions it lacks (each class's bytes once per worker).
 *
 * <p>A worker that dies fails only the task it was running ({@link WorkerDiedException}); tasks sent ahead
 * to it go back to the queue, and a new worker replaces it. {@code cancel(true)} of a running task kills its
 * worker. A failing initializer, or workers that cannot start three times in a row, break the pool
 * ({@link WorkerPoolBrokenException}) rather than retrying forever.
 *
 * <p>Thread-safe. The pool's monitor guards all state; listener calls and pipe writes happen after it is
 * released ({@link PoolEffects}). What workers send is handled by {@link WorkerEvents} on their reader
 * threads; {@link #resize} changes the number of workers (extra ones leave once idle). {@link #submit} and
 * {@link #cancel} do not wait for workers (starting a JVM process takes a few milliseconds);
 * {@link #awaitTermination} and {@link #close} block.
 */
public final class WorkerPool implements AutoCloseable {
    private static final AtomicLong IDS = new AtomicLong();
    static final int MAX_START_FAILURES = 3;
    /** Work sent ahead per worker when tasks are short, see {@link #windowLimit()}. */
    private static final long AHEAD_NANOS = 3_000_000;

    // Guarded by this pool's monitor, shared with WorkerEvents (same package, same lock).
    final WorkerPoolConfig config;
    final WorkerLauncher launcher;
    final ArrayDeque<PoolTask> queue = new ArrayDeque<>();
    final List<WorkerSlot> slots = new ArrayList<>();
    /** Tasks not yet finished, by id: output frames find their task without the lock. */
    final Map<Long, PoolTask> live = new ConcurrentHashMap<>();
    private final WorkerEvents events = new WorkerEvents(this);
    private int workers;
    private long runNanosAverage = -1;
    private long lastRunNanos = -1;
    private boolean shutdown;
    RuntimeException broken;
    int startFailures;
    long completed;
    long failed;
    private final long[] sentFrames = new long[Frames.KERNEL_TO_WORKER_TYPES];
    private final long[] sentBytes = new long[Frames.KERNEL_TO_WORKER_TYPES];

    /** Starts (or adopts from the spares) the configured number of workers. */
    public WorkerPool(WorkerPoolConfig config) {
        this.config = config;
        this.launcher = config.launcherOrDefault();
        this.workers = config.workers;
        PoolEffects fx = new PoolEffects();
        synchronized (this) {
            pump(fx);
        }
        fx.run();
    }

    /**
     * Queues a task. Its listener hears of its start, output and end (possibly before this returns).
     *
     * @throws RejectedExecutionException after {@link #shutdown}
     */
    public PoolTask submit(PreparedTask task, TaskListener listener) {
        PoolTask t = create(task, listener);
        enqueue(t);
        return t;
    }

    /** A handle for a task, not queued yet: for callers that must hold the handle before any event. */
    PoolTask create(PreparedTask task, TaskListener listener) {
        return new PoolTask(IDS.incrementAndGet(), task, listener, this);
    }

    /** Queues a task made by {@link #create}. */
    void enqueue(PoolTask t) {
        PoolEffects fx = new PoolEffects();
        synchronized (this) {
            if (shutdown) throw new RejectedExecutionException("the process pool is shut down");
            if (broken != null) {
                t.state = PoolTask.State.DONE;
                RuntimeException why = broken;
                fx.calls.add(() -> t.listener.failed(why));
            } else {
                queue.add(t);
                live.put(t.id, t);
                pump(fx);
            }
        }
        fx.run();
    }

    /**
     * Cancels a task that has not started (true); a running one only when {@code mayInterrupt}, by killing its
     * worker (true); a finished one never (false). Never blocks.
     */
    public boolean cancel(PoolTask t, boolean mayInterrupt) {
        PoolEffects fx = new PoolEffects();
        boolean done;
        synchronized (this) {
            done = switch (t.state) {
                case QUEUED -> {
                    queue.remove(t);
                    live.remove(t.id);
                    yield true;
                }
                case SENT -> {
                    t.slot.worker.enqueue(Frames.CANCEL, t.id, new byte[0]);
                    fx.drain.add(t.slot.worker);
                    yield true;
                }
                case RUNNING -> {
                    if (mayInterrupt) {
                        t.slot.closing = true;
                        fx.kill.add(t.slot.worker);
                        pump(fx); // the replacement boots while this one dies
                    }
                    yield mayInterrupt;
                }
                default -> false;
            };
            if (done) {
                t.state = PoolTask.State.CANCELLED;
                fx.calls.add(t.listener::cancelled);
            }
        }
        fx.run();
        return done;
    }

    /**
     * Accepts no more tasks; queued ones still run unless {@code cancelPending}, in which case they are
     * cancelled and returned (their listeners hear nothing: the caller cancels their futures). Idle workers exit.
     */
    public List<PoolTask> shutdown(boolean cancelPending) {
        PoolEffects fx = new PoolEffects();
        List<PoolTask> cancelled = new ArrayList<>();
        synchronized (this) {
            shutdown = true;
            if (cancelPending) {
                for (PoolTask t : queue) {
                    t.state = PoolTask.State.CANCELLED;
                    live.remove(t.id);
                    cancelled.add(t);
                }
                queue.clear();
            }
            pump(fx);
            notifyAll();
        }
        fx.run();
        return cancelled;
    }

    /** Shuts down, cancels queued and running tasks, and kills every worker now. */
    public void shutdownNow() {
        PoolEffects fx = new PoolEffects();
        synchronized (this) {
            shutdown = true;
            for (PoolTask t : queue) {
                t.state = PoolTask.State.CANCELLED;
                fx.calls.add(t.listener::cancelled);
            }
            queue.clear();
            for (WorkerSlot s : slots) {
                for (PoolTask t : s.window) {
                    if (t.state == PoolTask.State.SENT || t.state == PoolTask.State.RUNNING) {
                        t.state = PoolTask.State.CANCELLED;
                        fx.calls.add(t.listener::cancelled);
                    }
                }
                s.closing = true;
                fx.kill.add(s.worker);
            }
            live.clear();
            notifyAll();
        }
        fx.run();
    }

    /** Changes the number of workers: new ones start at once, extra ones leave when their tasks are done. */
    public void resize(int n) {
        if (n < 1) throw new IllegalArgumentException("workers must be at least 1, got " + n);
        PoolEffects fx = new PoolEffects();
        synchronized (this) {
            workers = n;
            int active = 0;
            for (WorkerSlot s : slots) {
                if (s.closing || s.exhausted()) continue;
                if (++active > n) s.retiring = true;
            }
            pump(fx);
        }
        fx.run();
    }

    /** The configured number of workers. */
    public synchronized int workers() {
        return workers;
    }

    public synchronized boolean isShutdown() {
        return shutdown;
    }

    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty() && slots.isEmpty();
    }

    /** Blocks until shut down with every task finished and every worker gone, or the timeout. */
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated()) {
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Waits for submitted tasks, then ends the workers. */
    @Override
    public void close() {
        shutdown(false);
        try {
            awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Workers and counts right now, for {@code %pool} and status tables. */
    public record Snapshot(List<Long> pids, int queued, int running, long completed, long failed) {
    }

    public synchronized Snapshot snapshot() {
        List<Long> pids = new ArrayList<>();
        int running = 0;
        int queued = queue.size();
        for (WorkerSlot s : slots) {
            if (!s.closing) pids.add(s.worker.pid());
            PoolTask head = s.window.peek();
            if (head != null && head.state == PoolTask.State.RUNNING) running++;
            queued += Math.max(0, s.window.size() - 1);
        }
        return new Snapshot(pids, queued, running, completed, failed);
    }

    // ---- scheduling (caller holds the lock) ----

    void pump(PoolEffects fx) {
        ensureWorkers(fx);
        while (!queue.isEmpty()) {
            WorkerSlot s = pickSlot();
            if (s == null) break;
            dispatch(s, queue.poll(), fx);
        }
        if (queue.isEmpty()) stealFor(fx);
        for (WorkerSlot s : slots) {
            if (!s.closing && s.window.isEmpty() && (s.exhausted() || (shutdown && queue.isEmpty()))) {
                s.closing = true;
                fx.close.add(s.worker);
            }
        }
    }

    private void ensureWorkers(PoolEffects fx) {
        if (broken != null) return;
        int active = 0;
        for (WorkerSlot s : slots) if (!s.closing && !s.exhausted()) active++;
        int target = shutdown ? (queue.isEmpty() ? 0 : workers) : workers;
        for (; active < target && broken == null; active++) spawn(fx);
    }

    private void spawn(PoolEffects fx) {
        WorkerProcess w = config.spares == null ? null : config.spares.take(launcher);
        if (w == null) {
            try {
                w = launcher.start();
            } catch (IOException e) {
                breakPool(new WorkerPoolBrokenException("cannot start a worker JVM (" + launcher.command().get(0)
                        + "): " + e.getMessage(), e), fx);
                return;
            }
        }
        w.setLog(config.log);
        WorkerSlot s = new WorkerSlot(w, events, config.maxTasksPerWorker);
        slots.add(s);
        w.attach(s);
        s.hello = w.ready();
        if (config.initializer != null) {
            ship(s, config.initializer.classes());
            w.enqueue(Frames.INIT, 0, config.initializer.payload());
        } else {
            s.initDone = true;
        }
        fx.drain.add(w);
    }

    void recordRunTime(long nanos) {
        lastRunNanos = nanos;
        runNanosAverage = runNanosAverage < 0 ? nanos : (runNanosAverage * 7 + nanos) / 8;
    }

    /**
     * Tasks sent ahead per worker: about {@link #AHEAD_NANOS} of work, so a worker never waits a round trip
     * for its next task; one while task lengths are unknown or long (an idle worker also takes back tasks
     * sent ahead to a busy one, so a misjudged long task costs little).
     */
    private int windowLimit() {
        if (runNanosAverage < 0 || lastRunNanos > 10_000_000) return 1;
        long n = AHEAD_NANOS / Math.max(1, runNanosAverage);
        return (int) Math.max(1, Math.min(config.maxWindow, n));
    }

    private WorkerSlot pickSlot() {
        int limit = windowLimit();
        WorkerSlot best = null;
        for (WorkerSlot s : slots) {
            if (s.closing || s.exhausted() || s.window.size() >= limit) continue;
            if (best == null || s.window.size() < best.window.size()
                    || (s.window.size() == best.window.size() && s.hello && !best.hello)) {
                best = s;
            }
        }
        return best;
    }

    private void dispatch(WorkerSlot s, PoolTask t, PoolEffects fx) {
        SharedFunction part = t.task.shared();
        if (part != null && !s.shared.contains(part.id())) {
            ship(s, part.prepared().classes());
            send(s, Frames.SHARED, part.id(), part.prepared().payload());
            if (!part.released) s.shared.add(part.id());
        }
        ship(s, t.task.classes());
        send(s, Frames.TASK, t.id, t.task.payload());
        // A chunk of a map that already ended (its stream was dropped unread): the worker needs the part only for it.
        if (part != null && part.released) send(s, Frames.UNSHARE, part.id(), new byte[0]);
        fx.drain.add(s.worker);
        t.state = PoolTask.State.SENT;
        t.slot = s;
        t.stealing = false;
        s.window.add(t);
        s.assigned++;
        // Handed to a worker: it has started as far as its future is concerned (cancel() is now false), even
        // if it waits behind the worker's current task; a task taken back and sent elsewhere starts again.
        long pid = s.worker.pid();
        fx.calls.add(() -> t.listener.started(pid));
        if (s.window.size() == 1) markRunning(t, fx);
    }

    /**
     * The map that made {@code part} ended: the workers holding it drop it (after the chunks sent before, which
     * they read first), and a chunk of it sent later brings it along and drops it after itself.
     */
    void unshare(SharedFunction part) {
        PoolEffects fx = new PoolEffects();
        synchronized (this) {
            part.released = true;
            for (WorkerSlot s : slots) {
                if (!s.shared.remove(part.id())) continue;
                send(s, Frames.UNSHARE, part.id(), new byte[0]);
                fx.drain.add(s.worker);
            }
        }
        fx.run();
    }

    /** Queues a frame for a worker, counting it ({@link #sent}). */
    private void send(WorkerSlot s, byte type, long id, byte[] payload) {
        s.worker.enqueue(type, id, payload);
        sentFrames[type]++;
        sentBytes[type] += payload.length;
    }

    /** Frames of {@code type} sent to workers so far, and their payload bytes: {@code {frames, bytes}}. */
    synchronized long[] sent(byte type) {
        return new long[]{sentFrames[type], sentBytes[type]};
    }

    /** Before a task: tells the worker the sets no task can name any more, then the task's set if it is new. */
    private void ship(WorkerSlot s, ClassSet classes) {
        try {
            byte[] forget = s.classes.forgetCollected();
            if (forget != null) send(s, Frames.FORGET, 0, forget);
            byte[] learn = s.classes.learn(classes);
            if (learn != null) send(s, Frames.CLASSES, classes.id(), learn);
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory encoding
        }
    }

    /** The head of a worker's window is the task it runs now. */
    void markRunning(PoolTask t, PoolEffects fx) {
        if (t.state == PoolTask.State.SENT) t.state = PoolTask.State.RUNNING;
    }

    /** An idle worker takes back the newest not-started task of the busiest one (it is asked, not forced). */
    private void stealFor(PoolEffects fx) {
        for (WorkerSlot idle : slots) {
            if (idle.closing || idle.exhausted() || !idle.window.isEmpty()) continue;
            WorkerSlot busiest = null;
            for (WorkerSlot s : slots) {
                if (s.window.size() > 1 && (busiest == null || s.window.size() > busiest.window.size())) busiest = s;
            }
            if (busiest == null) return;
            PoolTask victim = busiest.window.peekLast();
            if (victim.state != PoolTask.State.SENT || victim.stealing) return;
            victim.stealing = true;
            busiest.worker.enqueue(Frames.CANCEL, victim.id, new byte[0]);
            fx.drain.add(busiest.worker);
        }
    }

    void breakPool(RuntimeException why, PoolEffects fx) {
        if (broken == null) broken = why;
        for (PoolTask t : queue) {
            t.state = PoolTask.State.DONE;
            live.remove(t.id);
            failed++;
            fx.calls.add(() -> t.listener.failed(why));
        }
        queue.clear();
    }
}
