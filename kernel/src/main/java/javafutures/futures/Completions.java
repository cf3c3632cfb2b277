package javafutures.futures;

import java.lang.ref.WeakReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a process pool completes its futures: off the workers' reader threads, because completing a future
 * runs its done callbacks, which are user code and may block or print at length, and a blocked reader
 * thread would stall every reply of that worker.
 *
 * <p>One daemon thread runs completions in the order posted, started on demand and gone after a couple of
 * idle seconds. If a completion blocks (a callback waiting for another future of the same pool, whose
 * completion is queued behind it), a watchdog adds threads while items wait and none was taken for
 * {@link #STALL_MS}, so a blocking callback delays the others a little but never deadlocks them.
 * Thread-safe; {@link #post} never blocks.
 */
public final class Completions {
    static final long STALL_MS = 200;
    private static final long IDLE_EXIT_MS = 2000;
    private static final CopyOnWriteArrayList<WeakReference<Completions>> WATCHED = new CopyOnWriteArrayList<>();
    private static final Thread WATCHDOG = new Thread(Completions::watch, "java-futures-completions-watchdog");

    static {
        WATCHDOG.setDaemon(true);
        WATCHDOG.start();
    }

    private final String name;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile long lastTake = System.nanoTime();

    public Completions(String name) {
        this.name = name;
        WATCHED.add(new WeakReference<>(this));
    }

    /** Runs {@code r} soon on a completion thread. */
    public void post(Runnable r) {
        queue.add(r);
        if (threads.get() == 0 && threads.compareAndSet(0, 1)) start();
    }

    /** True when nothing is queued or running. */
    public boolean idle() {
        return queue.isEmpty() && busy.get() == 0;
    }

    /** Waits (up to {@code millis}) until {@link #idle()}: close() uses it so every future is done when it returns. */
    public void awaitIdle(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!idle() && System.nanoTime() < end) Thread.sleep(2);
    }

    /** Stops being watched (the pool terminated); running threads still finish the queue. */
    public void retire() {
        WATCHED.removeIf(w -> w.get() == null || w.get() == this);
    }

    private void start() {
        Thread t = new Thread(this::loop, "java-futures-" + name + "-completions-" + ids.incrementAndGet());
        t.setDaemon(true);
        t.start();
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
                return;
            }
            for (WeakReference<Completions> ref : WATCHED) {
                Completions c = ref.get();
                if (c == null) WATCHED.remove(ref); else c.rescueIfStalled();
            }
        }
    }
}
