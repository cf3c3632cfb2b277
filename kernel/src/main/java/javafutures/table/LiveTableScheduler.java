package javafutures.table;

import javafutures.futures.PoolRegistry;
import javafutures.output.OutputRouter;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one daemon thread that refreshes every {@link LiveView} (status tables, timelines): it wakes every
 * {@link #TICK_MS} ms and lets each live view decide whether to send an update. Sleeping a full tick after
 * each round is what caps every view at ten updates a second. The thread lives in the pools' kernel-owned
 * thread group and starts with the first live view. Thread-safe.
 */
final class LiveTableScheduler {
    static final long TICK_MS = 100;

    private static final Set<LiveView> TABLES = ConcurrentHashMap.newKeySet();
    private static Thread thread;

    private LiveTableScheduler() {
    }

    /** Keeps {@code table}, a view already shown, updated until its {@link LiveView#tick} returns false. */
    static void add(LiveView table) {
        TABLES.add(table);
        synchronized (LiveTableScheduler.class) {
            if (thread == null) {
                thread = new Thread(PoolRegistry.threadGroup(), LiveTableScheduler::loop, "java-futures-live-tables", 0, false);
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** Tables still updating (for tests and diagnostics). */
    static int liveCount() {
        return TABLES.size();
    }

    /**
     * Sends now the final update of every view whose futures have all finished, so that it goes out
     * before the running cell's reply: headless runners (nbclient, nbconvert, papermill) stop listening
     * to a cell at its idle status, and would otherwise save the table one tick before its end.
     */
    static void flushFinished() {
        long now = System.nanoTime();
        for (LiveView t : TABLES) {
            try {
                if (t.allDone() && !t.tick(now)) TABLES.remove(t);
            } catch (RuntimeException e) {
                TABLES.remove(t);
            }
        }
    }

    private static void loop() {
        while (true) {
            try {
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (LiveView t : TABLES) {
                try {
                    if (!t.tick(now)) TABLES.remove(t);
                } catch (Throwable e) {
                    // One broken table (e.g. a closed connection) must not stop the others.
                    TABLES.remove(t);
                    OutputRouter router = OutputRouter.get();
                    PrintStream log = router != null ? router.kernelErr() : System.err;
                    log.println("java-futures: live table stopped updating: " + e);
                }
            }
        }
    }
}
