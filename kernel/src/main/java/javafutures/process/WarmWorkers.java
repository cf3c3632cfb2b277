package javafutures.process;

import javafutures.futures.PoolRegistry;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Spare worker JVMs, booted ahead of need, process-wide: a new pool adopts spares instead of waiting 50-100 ms
 * per JVM, which puts pool start to first result in the range of Python's forkserver. After each adoption
 * the spares are refilled at once in the background, for the launcher last asked for, one JVM at a time: the
 * next boots only once the previous one is ready, so on a small machine at most one booting JVM competes
 * with the kernel and the pool's first tasks. Spares are idle JVMs that have run nothing; they die with the
 * kernel like any worker. Thread-safe; {@link #take} never blocks on a JVM start.
 */
public final class WarmWorkers {
    private static final WarmWorkers SHARED = new WarmWorkers(2);

    /** How long a refill waits for one booting spare before it boots the next one anyway. */
    private static final long BOOT_WAIT_MS = 10_000;

    private final ArrayDeque<WorkerProcess> spares = new ArrayDeque<>();
    // Its thread may be created while a cell runs: born in the pools' group with no cell, so stopping
    // that cell never interrupts it.
    private final ExecutorService refiller = Executors.newSingleThreadExecutor(
            r -> PoolRegistry.newDaemon(r, "java-futures-warm-workers"));
    private int target;
    private WorkerLauncher launcher;
    private boolean refillQueued;

    public WarmWorkers(int target) {
        this.target = target;
    }

    /** The kernel's spares. */
    public static WarmWorkers shared() {
        return SHARED;
    }

    /** How many spares to keep (0 turns them off and ends the current ones). */
    public void setTarget(int target) {
        synchronized (this) {
            this.target = target;
        }
        trim();
        refillSoon();
    }

    /** Starts spares for {@code launcher} in the background, e.g. when the kernel starts. */
    public void prestart(WorkerLauncher launcher) {
        synchronized (this) {
            this.launcher = launcher;
        }
        trim();
        refillSoon();
    }

    /** A live spare made by an equivalent launcher, or null; schedules a refill either way. */
    public WorkerProcess take(WorkerLauncher wanted) {
        WorkerProcess found = null;
        synchronized (this) {
            launcher = wanted;
            for (Iterator<WorkerProcess> it = spares.iterator(); it.hasNext(); ) {
                WorkerProcess w = it.next();
                if (w.exited()) {
                    it.remove();
                } else if (found == null && w.launcher().key().equals(wanted.key())) {
                    it.remove();
                    found = w;
                }
            }
        }
        trim();
        refillSoon();
        return found;
    }

    /** Spares that have booted (sent HELLO) and can take a task at once. */
    public synchronized int ready() {
        int n = 0;
        for (WorkerProcess w : spares) if (w.ready() && !w.exited()) n++;
        return n;
    }

    /** Spares currently held. */
    public synchronized int size() {
        return spares.size();
    }

    /** Ends every spare now. */
    public void clear() {
        WorkerProcess[] all;
        synchronized (this) {
            all = spares.toArray(new WorkerProcess[0]);
            spares.clear();
        }
        for (WorkerProcess w : all) w.closeInput();
    }

    /** Drops spares of another launcher (e.g. started before a jar was added) and beyond the target. */
    private void trim() {
        ArrayDeque<WorkerProcess> drop = new ArrayDeque<>();
        synchronized (this) {
            for (Iterator<WorkerProcess> it = spares.iterator(); it.hasNext(); ) {
                WorkerProcess w = it.next();
                if (launcher != null && !w.launcher().key().equals(launcher.key())) {
                    it.remove();
                    drop.add(w);
                }
            }
            while (spares.size() > target) drop.add(spares.removeLast());
        }
        for (WorkerProcess w : drop) w.closeInput();
    }

    private synchronized void refillSoon() {
        if (refillQueued || launcher == null) return;
        refillQueued = true;
        refiller.execute(this::refill);
    }

    /**
     * Boots spares up to the target. An interrupt never ends refilling for good: the flag is cleared whatever
     * happens.
     */
    private void refill() {
        try {
            refillNow();
        } finally {
            synchronized (this) {
                refillQueued = false;
            }
        }
    }

    private void refillNow() {
        while (true) {
            WorkerLauncher l;
            synchronized (this) {
                if (spares.size() >= target || launcher == null) return;
                l = launcher;
            }
            try {
                WorkerProcess w = l.start();
                synchronized (this) {
                    spares.add(w);
                }
                awaitBoot(w);
            } catch (IOException e) {
                return; // the pool that needs a worker will report the failure itself
            }
        }
    }

    /** Waits (polling: a boot takes hundreds of ms) until {@code w} is ready or exited, or BOOT_WAIT_MS passed. */
    private static void awaitBoot(WorkerProcess w) {
        long deadline = System.nanoTime() + BOOT_WAIT_MS * 1_000_000;
        while (!w.ready() && !w.exited() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                // not ours to obey: only the kernel stops spares (setTarget(0)); go on refilling
            }
        }
    }
}
