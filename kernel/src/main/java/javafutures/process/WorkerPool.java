package javafutures.process;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * released. {@link #submit} and {@link #cancel} do not wait for workers (starting a JVM process takes a
 * few milliseconds); {@link #awaitTermination} and {@link #close} block.
 */
public final class WorkerPool implements AutoCloseable {
    private static final AtomicLong IDS = new AtomicLong();
    private static final int MAX_START_FAILURES = 3;

    private final WorkerPoolConfig config;
    private final WorkerLauncher launcher;
    private final ArrayDeque<PoolTask> queue = new ArrayDeque<>();
    private final List<Slot> slots = new ArrayList<>();
    /** Tasks not yet finished, by id: output frames find their task without the lock. */
    private final Map<Long, PoolTask> live = new ConcurrentHashMap<>();
    private long runNanosAverage = -1;
    private long lastRunNanos = -1;
    private boolean shutdown;
    private RuntimeException broken;
    private int startFailures;
    private long completed;
    private long failed;

    /** One worker and what the pool knows about it; guarded by the pool. */
    final class Slot implements WorkerProcess.Events {
        final WorkerProcess worker;
        final ArrayDeque<PoolTask> window = new ArrayDeque<>();
        final Set<Long> versions = new HashSet<>();
        final Set<String> hashes = new HashSet<>();
        int assigned;
        boolean hello;
        boolean initDone;
        boolean closing;

        Slot(WorkerProcess worker) {
            this.worker = worker;
        }

        boolean exhausted() {
            return config.maxTasksPerWorker > 0 && assigned >= config.maxTasksPerWorker;
        }

        @Override
        public void frame(WorkerProcess w, Frame f) {
            onFrame(this, f);
        }

        @Override
        public void exited(WorkerProcess w, int status, String reason) {
            onExit(this, status, reason);
        }
    }

    /** What to do once the lock is released: listener calls first, so a reply can never overtake them. */
    private static final class Effects {
        final List<Runnable> calls = new ArrayList<>();
        final Set<WorkerProcess> drain = new java.util.LinkedHashSet<>();
        final List<WorkerProcess> close = new ArrayList<>();
        final List<WorkerProcess> kill = new ArrayList<>();

        void run() {
            for (Runnable r : calls) r.run();
            for (WorkerProcess w : drain) w.drain();
            for (WorkerProcess w : close) w.closeInput();
            for (WorkerProcess w : kill) w.kill();
        }
    }

    /** Starts (or adopts from the spares) the configured number of workers. */
    public WorkerPool(WorkerPoolConfig config) {
        this.config = config;
        this.launcher = config.launcherOrDefault();
        Effects fx = new Effects();
        synchronized (this) {
            pump(fx);
        }
        fx.run();
    }

    /**
     * Queues a task. Its listener hears of its start, output and end.
     *
     * @throws RejectedExecutionException after {@link #shutdown}
     */
    public PoolTask submit(PreparedTask task, TaskListener listener) {
        Effects fx = new Effects();
        PoolTask t = new PoolTask(IDS.incrementAndGet(), task, listener, this);
        synchronized (this) {
            if (shutdown) throw new RejectedExecutionException("the process pool is shut down");
            if (broken != null) {
                t.state = PoolTask.State.DONE;
                RuntimeException why = broken;
                fx.calls.add(() -> listener.failed(why));
            } else {
                queue.add(t);
                live.put(t.id, t);
                pump(fx);
            }
        }
        fx.run();
        return t;
    }

    /**
     * Cancels a task that has not started (true); a running one only when {@code mayInterrupt}, by killing its
     * worker (true); a finished one never (false).
     */
    public boolean cancel(PoolTask t, boolean mayInterrupt) {
        Effects fx = new Effects();
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

    /** Accepts no more tasks; queued ones still run unless {@code cancelPending}. Idle workers exit. */
    public void shutdown(boolean cancelPending) {
        Effects fx = new Effects();
        synchronized (this) {
            shutdown = true;
            if (cancelPending) {
                for (PoolTask t : queue) {
                    t.state = PoolTask.State.CANCELLED;
                    live.remove(t.id);
                    fx.calls.add(t.listener::cancelled);
                }
                queue.clear();
            }
            pump(fx);
            notifyAll();
        }
        fx.run();
    }

    /** Shuts down, cancels queued and running tasks, and kills every worker now. */
    public void shutdownNow() {
        Effects fx = new Effects();
        synchronized (this) {
            shutdown = true;
            for (PoolTask t : queue) {
                t.state = PoolTask.State.CANCELLED;
                fx.calls.add(t.listener::cancelled);
            }
            queue.clear();
            for (Slot s : slots) {
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
        }
        fx.run();
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
        for (Slot s : slots) {
            pids.add(s.worker.pid());
            PoolTask head = s.window.peek();
            if (head != null && head.state == PoolTask.State.RUNNING) running++;
        }
        int queued = queue.size();
        for (Slot s : slots) queued += Math.max(0, s.window.size() - 1);
        return new Snapshot(pids, queued, running, completed, failed);
    }

    // ---- scheduling (caller holds the lock) ----

    private void pump(Effects fx) {
        ensureWorkers(fx);
        while (!queue.isEmpty()) {
            Slot s = pickSlot();
            if (s == null) break;
            dispatch(s, queue.poll(), fx);
        }
        if (queue.isEmpty()) stealFor(fx);
        for (Slot s : slots) {
            if (!s.closing && s.window.isEmpty() && (s.exhausted() || (shutdown && queue.isEmpty()))) {
                s.closing = true;
                fx.close.add(s.worker);
            }
        }
    }

    private void ensureWorkers(Effects fx) {
        if (broken != null) return;
        int active = 0;
        for (Slot s : slots) if (!s.closing && !s.exhausted()) active++;
        int target = shutdown ? (queue.isEmpty() ? 0 : config.workers) : config.workers;
        for (; active < target && broken == null; active++) spawn(fx);
    }

    private void spawn(Effects fx) {
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
        Slot s = new Slot(w);
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

    private static final long AHEAD_NANOS = 3_000_000;

    private Slot pickSlot() {
        int limit = windowLimit();
        Slot best = null;
        for (Slot s : slots) {
            if (s.closing || s.exhausted() || s.window.size() >= limit) continue;
            if (best == null || s.window.size() < best.window.size()
                    || (s.window.size() == best.window.size() && s.hello && !best.hello)) {
                best = s;
            }
        }
        return best;
    }

    private void dispatch(Slot s, PoolTask t, Effects fx) {
        ship(s, t.task.classes());
        s.worker.enqueue(Frames.TASK, t.id, t.task.payload());
        fx.drain.add(s.worker);
        t.state = PoolTask.State.SENT;
        t.slot = s;
        t.stealing = false;
        s.window.add(t);
        s.assigned++;
        if (s.window.size() == 1) markRunning(t, fx);
    }

    private void ship(Slot s, ClassSet classes) {
        if (classes.id() == 0 || !s.versions.add(classes.id())) return;
        try {
            s.worker.enqueue(Frames.CLASSES, classes.id(), classes.encodeFor(s.hashes));
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory encoding
        }
    }

    private void markRunning(PoolTask t, Effects fx) {
        if (t.state != PoolTask.State.SENT) return;
        t.state = PoolTask.State.RUNNING;
        long pid = t.slot.worker.pid();
        fx.calls.add(() -> t.listener.started(pid));
    }

    /** An idle worker takes back the newest not-started task of the busiest one (it is asked, not forced). */
    private void stealFor(Effects fx) {
        for (Slot idle : slots) {
            if (idle.closing || idle.exhausted() || !idle.window.isEmpty()) continue;
            Slot busiest = null;
            for (Slot s : slots) {
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

    private void breakPool(RuntimeException why, Effects fx) {
        if (broken == null) broken = why;
        for (PoolTask t : queue) {
            t.state = PoolTask.State.DONE;
            live.remove(t.id);
            failed++;
            fx.calls.add(() -> t.listener.failed(why));
        }
        queue.clear();
    }

    // ---- events from workers ----

    private void onFrame(Slot s, Frame f) {
        if (f.type() == Frames.OUTPUT) {
            output(s, f);
            return;
        }
        Effects fx = new Effects();
        synchronized (this) {
            switch (f.type()) {
                case Frames.HELLO -> {
                    s.hello = true;
                    startFailures = 0;
                }
                case Frames.INIT_OK -> s.initDone = true;
                case Frames.INIT_FAILED -> {
                    Throwable error = RemoteErrors.decode(f.payload(), 0, config.initializer.loader());
                    RuntimeException why = new WorkerPoolBrokenException("the pool's initializer failed in worker pid "
                            + s.worker.pid() + ": " + error + "; the pool accepts no more tasks", error);
                    breakPool(why, fx);
                    failWindow(s, why, fx);
                }
                case Frames.RESULT, Frames.ERROR, Frames.CANCELLED -> finish(s, f, fx);
                default -> throw new IllegalStateException("unexpected " + f);
            }
            pump(fx);
        }
        fx.run();
    }

    private void finish(Slot s, Frame f, Effects fx) {
        if (f.type() == Frames.CANCELLED) {
            cancelled(s, f.id(), fx);
            return;
        }
        PoolTask t = s.window.peek();
        if (t == null || t.id != f.id()) {
            throw new IllegalStateException("reply for task " + f.id() + " but task "
                    + (t == null ? "none" : t.id) + " was next"); // the reader kills the worker
        }
        s.window.poll();
        live.remove(t.id);
        long nanos = readLong(f.payload());
        lastRunNanos = nanos;
        runNanosAverage = runNanosAverage < 0 ? nanos : (runNanosAverage * 7 + nanos) / 8;
        if (t.state != PoolTask.State.CANCELLED) {
            t.state = PoolTask.State.DONE;
            if (f.type() == Frames.RESULT) completed++; else failed++;
            fx.calls.add(() -> deliver(t, f));
        }
        PoolTask next = s.window.peek();
        if (next != null) markRunning(next, fx);
    }

    /** The worker dropped a task before starting it (acks come at once, out of order). */
    private void cancelled(Slot s, long id, Effects fx) {
        PoolTask t = null;
        for (PoolTask q : s.window) {
            if (q.id == id) t = q;
        }
        if (t == null) return;
        s.window.remove(t);
        // It may have become the head (RUNNING) while the CANCEL was in flight; the worker still never began it.
        if (t.stealing && (t.state == PoolTask.State.SENT || t.state == PoolTask.State.RUNNING)) {
            t.state = PoolTask.State.QUEUED;
            t.slot = null;
            t.stealing = false;
            queue.addFirst(t);
        } else {
            live.remove(t.id);
        }
        PoolTask next = s.window.peek();
        if (next != null) markRunning(next, fx);
    }

    private void failWindow(Slot s, RuntimeException why, Effects fx) {
        for (PoolTask t : s.window) {
            if (t.state == PoolTask.State.SENT || t.state == PoolTask.State.RUNNING) {
                t.state = PoolTask.State.DONE;
                live.remove(t.id);
                failed++;
                fx.calls.add(() -> t.listener.failed(why));
            }
        }
        s.window.clear();
    }

    private void onExit(Slot s, int status, String reason) {
        Effects fx = new Effects();
        synchronized (this) {
            slots.remove(s);
            boolean expected = s.closing && s.window.stream().allMatch(t -> t.state == PoolTask.State.CANCELLED);
            String detail = reason != null ? reason : lastLine(s.worker.stderrTail());
            if (!s.hello && !expected) {
                startFailures++;
                if (startFailures >= MAX_START_FAILURES) {
                    breakPool(new WorkerPoolBrokenException("worker JVMs failed to start " + startFailures
                            + " times in a row (last exit status " + status + "): " + s.worker.stderrTail().strip()
                            + "\ncommand: " + String.join(" ", launcher.command()), null), fx);
                }
            }
            if (s.hello && !s.initDone && config.initializer != null && broken == null) {
                RuntimeException why = new WorkerPoolBrokenException("worker pid " + s.worker.pid() + " died running"
                        + " the pool's initializer (exit status " + status + WorkerDiedException.describe(status) + ")"
                        + (detail.isEmpty() ? "" : ": " + detail) + "; the pool accepts no more tasks", null);
                breakPool(why, fx);
                failWindow(s, why, fx);
            }
            List<PoolTask> requeue = new ArrayList<>();
            boolean first = true;
            for (PoolTask t : s.window) {
                boolean wasRunning = first && s.hello;
                first = false;
                if (t.state == PoolTask.State.CANCELLED) {
                    live.remove(t.id);
                } else if (wasRunning && t.state == PoolTask.State.RUNNING) {
                    t.state = PoolTask.State.DONE;
                    live.remove(t.id);
                    failed++;
                    WorkerDiedException died = new WorkerDiedException(s.worker.pid(), status, detail);
                    fx.calls.add(() -> t.listener.failed(died));
                } else {
                    t.state = PoolTask.State.QUEUED;
                    t.slot = null;
                    requeue.add(t);
                }
            }
            s.window.clear();
            for (int i = requeue.size() - 1; i >= 0; i--) queue.addFirst(requeue.get(i));
            if (broken != null) breakPool(broken, fx);
            pump(fx);
            notifyAll();
        }
        fx.run();
    }

    private void output(Slot s, Frame f) {
        byte[] p = f.payload();
        if (p.length == 0) return;
        String text = new String(p, 1, p.length - 1, StandardCharsets.UTF_8);
        PoolTask t = live.get(f.id());
        if (t != null) {
            t.listener.output(p[0] == 1, text);
        } else {
            PrintStream log = config.log;
            log.print("[worker " + s.worker.pid() + ", no task] " + text);
            log.flush();
        }
    }

    private static void deliver(PoolTask t, Frame f) {
        if (f.type() == Frames.ERROR) {
            t.listener.failed(RemoteErrors.decode(f.payload(), 8, t.task.loader()));
            return;
        }
        Object value;
        try {
            value = TaskCodec.decodeValue(f.payload(), 8, t.task.loader());
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            t.listener.failed(new IllegalStateException("the task's result could not be read in the kernel: " + e, e));
            return;
        }
        t.listener.succeeded(value);
    }

    private static long readLong(byte[] p) {
        try {
            return new DataInputStream(new ByteArrayInputStream(p)).readLong();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String lastLine(String text) {
        String s = text.strip();
        int nl = s.lastIndexOf('\n');
        return nl >= 0 ? s.substring(nl + 1) : s;
    }
}
