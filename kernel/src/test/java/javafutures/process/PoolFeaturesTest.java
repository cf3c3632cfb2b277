package javafutures.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Initializer, retirement, start failures, parallelism, spares, and shutdown. */
class PoolFeaturesTest {
    private WorkerPool pool;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (pool != null) close(pool);
    }

    interface SRunnable extends Runnable, Serializable {
    }

    @Test
    void initializerRunsOncePerWorkerBeforeTasks() throws Exception {
        PreparedTask init = TaskCodec.prepare((SRunnable) () -> {
            int n = Integer.getInteger("inits", 0);
            System.setProperty("inits", Integer.toString(n + 1));
        });
        pool = new WorkerPool(new WorkerPoolConfig().workers(2).spares(null).initializer(init));
        List<CompletableTaskListener> ls = new ArrayList<>();
        for (int i = 0; i < 20; i++) ls.add(submit(pool, (SCallable<String>) () -> System.getProperty("inits")));
        for (CompletableTaskListener l : ls) assertEquals("1", get(l));
    }

    @Test
    void failingInitializerBreaksThePoolOnceWithoutRestartLoop() throws Exception {
        PreparedTask init = TaskCodec.prepare((SRunnable) () -> {
            throw new IllegalArgumentException("no database");
        });
        pool = new WorkerPool(new WorkerPoolConfig().workers(2).spares(null).initializer(init));
        Throwable t = failure(submit(pool, (SCallable<Integer>) () -> 1));
        WorkerPoolBrokenException e = assertInstanceOf(WorkerPoolBrokenException.class, t);
        assertTrue(e.getMessage().contains("initializer") && e.getMessage().contains("no database"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        Thread.sleep(1000);
        assertTrue(pool.snapshot().pids().size() <= 2, "no new workers after the pool broke");
        assertInstanceOf(WorkerPoolBrokenException.class, failure(submit(pool, (SCallable<Integer>) () -> 2)));
    }

    @Test
    void badJvmArgsBreakThePoolWithTheJvmMessage() throws Exception {
        pool = new WorkerPool(new WorkerPoolConfig().workers(1).spares(null).jvmArgs(List.of("-XX:+NoSuchOptionAnywhere")));
        Throwable t = failure(submit(pool, (SCallable<Integer>) () -> 1));
        assertInstanceOf(WorkerPoolBrokenException.class, t);
        assertTrue(t.getMessage().contains("NoSuchOptionAnywhere") && t.getMessage().contains("failed to start"),
                t.getMessage());
    }

    @Test
    void workersRetireAfterMaxTasks() throws Exception {
        pool = new WorkerPool(new WorkerPoolConfig().workers(1).spares(null).maxTasksPerWorker(2));
        Set<Long> pids = new HashSet<>();
        List<CompletableTaskListener> ls = new ArrayList<>();
        for (int i = 0; i < 6; i++) ls.add(submit(pool, (SCallable<Long>) () -> ProcessHandle.current().pid()));
        List<Long> order = new ArrayList<>();
        for (CompletableTaskListener l : ls) order.add((Long) get(l));
        pids.addAll(order);
        assertEquals(3, pids.size(), order.toString());
        assertEquals(order.get(0), order.get(1));
        assertNotEquals(order.get(1), order.get(2));
    }

    @Test
    void twoOneSecondTasksOnTwoWorkersRunInParallel() throws Exception {
        pool = pool(2);
        get(submit(pool, (SCallable<Integer>) () -> 0)); // workers booted
        Thread.sleep(500);
        long t0 = System.nanoTime();
        CompletableTaskListener a = submit(pool, (SCallable<Long>) () -> { Thread.sleep(1000); return ProcessHandle.current().pid(); });
        CompletableTaskListener b = submit(pool, (SCallable<Long>) () -> { Thread.sleep(1000); return ProcessHandle.current().pid(); });
        assertNotEquals(get(a), get(b));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 1800, "took " + ms + " ms");
    }

    @Test
    void idleWorkerTakesBackTasksQueuedBehindALongOne() throws Exception {
        pool = new WorkerPool(new WorkerPoolConfig().workers(2).spares(null));
        // many short tasks open the send-ahead window; then one long task with short ones queued behind it
        List<CompletableTaskListener> warm = new ArrayList<>();
        for (int i = 0; i < 200; i++) warm.add(submit(pool, (SCallable<Integer>) () -> 1));
        for (CompletableTaskListener l : warm) get(l);
        CompletableTaskListener longOne = submit(pool, (SCallable<Integer>) () -> { Thread.sleep(3000); return 0; });
        List<CompletableTaskListener> shorts = new ArrayList<>();
        for (int i = 0; i < 20; i++) shorts.add(submit(pool, (SCallable<Integer>) () -> 1));
        long t0 = System.nanoTime();
        for (CompletableTaskListener l : shorts) get(l);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertFalse(longOne.future().isDone());
        assertTrue(ms < 2500, "short tasks waited " + ms + " ms behind the long one");
        assertEquals(0, get(longOne));
    }

    @Test
    void newPoolAdoptsWarmSpares() throws Exception {
        WarmWorkers spares = new WarmWorkers(2);
        try {
            spares.prestart(WorkerLauncher.forKernel(List.of()));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (spares.ready() < 2 && System.nanoTime() < end) Thread.sleep(20);
            assertEquals(2, spares.ready());
            Thread.sleep(500);
            long t0 = System.nanoTime();
            pool = new WorkerPool(new WorkerPoolConfig().workers(2).spares(spares));
            assertEquals(7, get(submit(pool, (SCallable<Integer>) () -> 7)));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 1000, "first result from warm spares took " + ms + " ms");
        } finally {
            spares.setTarget(0);
        }
    }

    @Test
    void shutdownRunsQueuedTasksThenEndsWorkers() throws Exception {
        pool = pool(1);
        List<CompletableTaskListener> ls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int k = i;
            ls.add(submit(pool, (SCallable<Integer>) () -> { Thread.sleep(50); return k; }));
        }
        List<Long> pids = new ArrayList<>(pool.snapshot().pids());
        pool.shutdown(false);
        assertThrows(RejectedExecutionException.class, () -> submit(pool, (SCallable<Integer>) () -> 1));
        assertTrue(pool.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS));
        for (int i = 0; i < 5; i++) assertEquals(i, get(ls.get(i)));
        waitUntilDead(pids);
    }
}
