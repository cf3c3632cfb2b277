package javafutures.process;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The half of a {@link WorkerPool} that handles what its workers send: replies, output, and deaths. Runs on
 * the workers' reader threads; state changes happen under the pool's monitor, listener calls after it is
 * released (see {@link PoolEffects}). Output frames take no lock at all: they find their task in the pool's
 * concurrent map of live tasks.
 */
final class WorkerEvents {
    private final WorkerPool pool;

    WorkerEvents(WorkerPool pool) {
        this.pool = pool;
    }

    void onFrame(WorkerSlot s, Frame f) {
        if (f.type() == Frames.OUTPUT) {
            output(s, f);
            return;
        }
        PoolEffects fx = new PoolEffects();
        synchronized (pool) {
            switch (f.type()) {
                case Frames.HELLO -> {
                    s.hello = true;
                    pool.startFailures = 0;
                }
                case Frames.INIT_OK -> s.initDone = true;
                case Frames.INIT_FAILED -> {
                    Throwable error = RemoteErrors.decode(f.payload(), 0, pool.config.initializer.loader());
                    RuntimeException why = new WorkerPoolBrokenException("the pool's initializer failed in worker pid "
                            + s.worker.pid() + ": " + error + "; the pool accepts no more tasks", error);
                    pool.breakPool(why, fx);
                    failWindow(s, why, fx);
                }
                case Frames.RESULT, Frames.ERROR -> finish(s, f, fx);
                case Frames.CANCELLED -> cancelled(s, f.id(), fx);
                default -> throw new IllegalStateException("unexpected " + f);
            }
            pool.pump(fx);
        }
        // Replies that arrived together send the tasks they make room for together: one write per worker.
        fx.runDeferringWrites(s.unwritten);
    }

    private void finish(WorkerSlot s, Frame f, PoolEffects fx) {
        PoolTask t = s.window.peek();
        if (t == null || t.id != f.id()) {
            throw new IllegalStateException("reply for task " + f.id() + " but task "
                    + (t == null ? "none" : t.id) + " was next"); // the reader kills the worker
        }
        s.window.poll();
        pool.live.remove(t.id);
        long ran = readLong(f.payload());
        pool.recordRunTime(ran);
        if (t.state != PoolTask.State.CANCELLED) {
            t.state = PoolTask.State.DONE;
            if (f.type() == Frames.RESULT) pool.completed++; else pool.failed++;
            fx.calls.add(() -> {
                t.listener.ranFor(ran);
                deliver(t, f);
            });
        }
        PoolTask next = s.window.peek();
        if (next != null) pool.markRunning(next, fx);
    }

    /** The worker dropped a task before starting it (acks come at once, out of order). */
    private void cancelled(WorkerSlot s, long id, PoolEffects fx) {
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
            pool.queue.addFirst(t);
        } else {
            pool.live.remove(t.id);
        }
        PoolTask next = s.window.peek();
        if (next != null) pool.markRunning(next, fx);
    }

    void failWindow(WorkerSlot s, RuntimeException why, PoolEffects fx) {
        for (PoolTask t : s.window) {
            if (t.state == PoolTask.State.SENT || t.state == PoolTask.State.RUNNING) {
                t.state = PoolTask.State.DONE;
                pool.live.remove(t.id);
                pool.failed++;
                fx.calls.add(() -> t.listener.failed(why));
            }
        }
        s.window.clear();
    }

    void onExit(WorkerSlot s, int status, String reason) {
        PoolEffects fx = new PoolEffects();
        synchronized (pool) {
            pool.slots.remove(s);
            boolean expected = s.closing && s.window.stream().allMatch(t -> t.state == PoolTask.State.CANCELLED);
            String detail = reason != null ? reason : lastLine(s.worker.stderrTail());
            if (!s.hello && !expected) {
                pool.startFailures++;
                if (pool.startFailures >= WorkerPool.MAX_START_FAILURES) {
                    pool.breakPool(new WorkerPoolBrokenException("worker JVMs failed to start " + pool.startFailures
                            + " times in a row (last exit status " + status + "): " + s.worker.stderrTail().strip()
                            + "\ncommand: " + String.join(" ", pool.launcher.command()), null), fx);
                }
            }
            if (s.hello && !s.initDone && pool.config.initializer != null && pool.broken == null) {
                RuntimeException why = new WorkerPoolBrokenException("worker pid " + s.worker.pid() + " died running"
                        + " the pool's initializer (exit status " + status + WorkerDiedException.describe(status, detail) + ")"
                        + (detail.isEmpty() ? "" : ": " + detail) + "; the pool accepts no more tasks", null);
                pool.breakPool(why, fx);
                failWindow(s, why, fx);
            }
            List<PoolTask> requeue = new ArrayList<>();
            boolean first = true;
            for (PoolTask t : s.window) {
                boolean wasRunning = first && s.hello;
                first = false;
                if (t.state == PoolTask.State.CANCELLED) {
                    pool.live.remove(t.id);
                } else if (wasRunning && t.state == PoolTask.State.RUNNING) {
                    t.state = PoolTask.State.DONE;
                    pool.live.remove(t.id);
                    pool.failed++;
                    WorkerDiedException died = new WorkerDiedException(s.worker.pid(), status, detail);
                    fx.calls.add(() -> t.listener.failed(died));
                } else {
                    t.state = PoolTask.State.QUEUED;
                    t.slot = null;
                    requeue.add(t);
                }
            }
            s.window.clear();
            for (int i = requeue.size() - 1; i >= 0; i--) pool.queue.addFirst(requeue.get(i));
            if (pool.broken != null) pool.breakPool(pool.broken, fx);
            pool.pump(fx);
            pool.notifyAll();
        }
        fx.run();
    }

    private void output(WorkerSlot s, Frame f) {
        byte[] p = f.payload();
        if (p.length == 0) return;
        String text = new String(p, 1, p.length - 1, StandardCharsets.UTF_8);
        PoolTask t = pool.live.get(f.id());
        if (t != null) {
            t.listener.output(p[0] == 1, text);
        } else {
            PrintStream log = pool.config.log;
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
