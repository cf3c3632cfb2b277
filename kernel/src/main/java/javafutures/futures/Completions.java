package javafutures.futures;

import java.lang.ref.WeakReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a pool completes the futures that have done callbacks: off the engine's threads (workers, pipe
 * readers, the cluster client), because a callback is user code that may block or print at length.
 *
 * <p>One daemon thread runs completions in the order posted, started on demand and gone after a couple of
 * idle seconds. If a completion blocks (a callback waiting for another future of the same pool, whose
 * completion is queued behind it), a watchdog adds a thread while items wait and none was taken for
 * {@link #STALL_MS}, so a blocking callback delays the others a little but never deadlocks them. Threads are
 * born in the pools' thread group and inherit no cell. Thread-safe; {@link #post} never blocks.
 */
public final class Completions {
    static final long STALL_MS = 200;
    private static final long IDLE_EXIT_MS = 2000;
    private static final CopyOnWriteArrayList<WeakReference<Completions>> WATCHED = new CopyOnWriteArrayList<>();

    static {
        PoolRegistry.newDaemon(Completions::watch, "java-futures-completions-watchdog").start();
    }

    private final String name;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    /** Posted and not yet run to the end: idle() is exact (a taken item is still pending while it runs). */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile long lastTake = System.nanoTime();
    private volatile boolean watched;

    public Completions(String name) {
        this.name = name;
    }

    /** Runs {@code r} soon on a completion thread. */
    public void post(Runnable r) {
        pending.incrementAndGet();
        queue.add(r);
        if (!watched) watch(this);
        if (threads.get() == 0 && threads.compareAndSet(0, 1)) start();
    }

    private static synchronized void watch(Completions c) {
        if (c.watched) return;
        c.watched = true;
        WATCHED.add(new WeakReference<>(c));
    }

    /** True when nothing posted is waiting or running. */
    public boolean idle() {
        return pending.get() == 0;
    }

    /** Waits up to {@code nanos} until {@link #idle()}; false if it was not reached. */
    public boolean awaitIdle(long nanos) throws InterruptedException {
        long end = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
        while (!idle()) {
            if (System.nanoTime() - end >= 0) return false;
            Thread.sleep(2);
        }
        return true;
    }

    /** Stops being watched (the pool terminated); running threads still finish the queue. */
    public void retire() {
        WATCHED.removeIf(w -> w.get() == null || w.get() == this);
        watched = false;
    }

    private void start() {
        PoolRegistry.newDaemon(this::loop, "java-futures-" + name + "-completions-" + ids.incrementAndGet()).start();
    }

    private void loop() {
        while (true) {
            Runnable r;
            try {
                r = queue.poll(IDLE_EXIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                r = null;
            }
            if (r == null) {
                threads.decrementAndGet();
                // An item posted while we decided to leave: take it back unless another thread will.
                if (!queue.isEmpty() && threads.compareAndSet(0, 1)) continue;
                return;
            }
            lastTake = System.nanoTime();
            busy.incrementAndGet();
            try {
                r.run();
            } catch (Throwable e) {
                // TaskFuture reports callback errors itself; this guards against the unexpected.
                System.err.println("java-futures: completing a task of " + name + " failed: " + e);
            } finally {
                busy.decrementAndGet();
                pending.decrementAndGet();
            }
        }
    }

    private void rescueIfStalled() {
        if (!queue.isEmpty() && System.nanoTime() - lastTake > TimeUnit.MILLISECONDS.toNanos(STALL_MS)
                && busy.get() >= threads.get() && threads.get() < 64) {
            threads.incrementAndGet();
            lastTake = System.nanoTime();
            start();
        }
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(STALL_MS / 2);
            } catch (InterruptedException e) {
                continue; // nobody may stop the watchdog: pools depend on it
            }
            for (WeakReference<Completions> ref : WATCHED) {
                Completions c = ref.get();
                if (c == null) WATCHED.remove(ref); else c.rescueIfStalled();
            }
        }
    }
}
