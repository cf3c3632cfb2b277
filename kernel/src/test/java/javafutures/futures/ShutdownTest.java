package javafutures.futures;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** shutdown(wait, cancelPending), shutdown(), shutdownNow() and close(), as Python and ExecutorService define them. */
class ShutdownTest {
    static final Duration LONG = Duration.ofSeconds(30);

    /** A one-worker pool whose worker is busy until {@code release}; then {@code n} queued tasks. */
    private static List<TaskFuture<Integer>> busyPoolWithQueue(ThreadPool pool, CountDownLatch release, int n) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        List<TaskFuture<Integer>> fs = new ArrayList<>();
        fs.add(pool.submit(() -> {
            started.countDown();
            release.await();
            return 0;
        }));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        for (int i = 1; i <= n; i++) {
            int v = i;
            fs.add(pool.submit(() -> v));
        }
        return fs;
    }

    @Test
    void shutdownWaitWithoutCancelRunsEverything() throws Exception {
        ThreadPool pool = new ThreadPool(1);
        CountDownLatch release = new CountDownLatch(1);
        List<TaskFuture<Integer>> fs = busyPoolWithQueue(pool, release, 3);
        Thread releaser = new Thread(() -> {
            sleep(50);
            release.countDown();
        });
        releaser.start();
        pool.shutdown(true, false);
        assertTrue(pool.isTerminated(), "wait=true returns only when all tasks are done");
        for (int i = 0; i < fs.size(); i++) assertEquals(i, fs.get(i).result(Duration.ZERO));
    }

    @Test
    void shutdownNoWaitCancelPendingKeepsTheRunningTask() throws Exception {
        ThreadPool pool = new ThreadPool(1);
        CountDownLatch release = new CountDownLatch(1);
        List<TaskFuture<Integer>> fs = busyPoolWithQueue(pool, release, 3);
        pool.shutdown(false, true);
        assertTrue(pool.isShutdown());
        assertFalse(pool.isTerminated(), "returns at once, the running task goes on");
        assertEquals(TaskState.RUNNING, fs.get(0).state());
        for (TaskFuture<Integer> f : fs.subList(1, 4)) assertTrue(f.cancelled());
        release.countDown();
        assertEquals(0, fs.get(0).result(LONG));
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(0, pool.queued());
        assertEquals(4, pool.finished());
    }

    @Test
    void shutdownWaitAndCancelPending() throws Exception {
        ThreadPool pool = new ThreadPool(1);
        CountDownLatch release = new CountDownLatch(1);
        List<TaskFuture<Integer>> fs = busyPoolWithQueue(pool, release, 3);
        new Thread(() -> {
            sleep(50);
            release.countDown();
        }).start();
        pool.shutdown(true, true);
        assertTrue(pool.isTerminated());
        assertEquals(TaskState.FINISHED, fs.get(0).state());
        for (TaskFuture<Integer> f : fs.subList(1, 4)) assertTrue(f.cancelled());
    }

    @Test
    void plainShutdownDoesNotWaitButRunsQueuedTasks() throws Exception {
        ThreadPool pool = new ThreadPool(1);
        CountDownLatch release = new CountDownLatch(1);
        List<TaskFuture<Integer>> fs = busyPoolWithQueue(pool, release, 3);
        pool.shutdown();
        assertFalse(pool.isTerminated());
        release.countDown();
        for (int i = 0; i < fs.size(); i++) assertEquals(i, fs.get(i).result(LONG));
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Test
    void shutdownNowCancelsQueuedAndInterruptsRunning() throws Exception {
        ThreadPool pool = new ThreadPool(1);
        CountDownLatch never = new CountDownLatch(1);
        List<TaskFuture<Integer>> fs = busyPoolWithQueue(pool, never, 3);
        List<Runnable> notRun = pool.shutdownNow();
        assertEquals(3, notRun.size());
        for (TaskFuture<Integer> f : fs.subList(1, 4)) {
            assertTrue(f.cancelled());
            assertTrue(notRun.contains(f), "the returned runnables are the queued tasks");
        }
        assertInstanceOf(InterruptedException.class, fs.get(0).exception(LONG), "the running task was interrupted");
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Test
    void closeWaitsForSubmittedTasks() throws Exception {
        ThreadPool pool = new ThreadPool(2);
        List<TaskFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int v = i;
            fs.add(pool.submit(() -> {
                Thread.sleep(5);
                return v;
            }));
        }
        pool.close();
        assertTrue(pool.isTerminated());
        for (TaskFuture<Integer> f : fs) assertTrue(f.done());
        pool.close(); // twice is fine
    }

    @Test
    void closeFromInsideATaskIsRefused() {
        try (ThreadPool pool = new ThreadPool(1)) {
            AtomicReference<ThreadPool> self = new AtomicReference<>(pool);
            TaskFuture<Void> f = pool.submit(() -> self.get().close());
            Throwable e = f.exception(LONG);
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("wait for itself"), e.getMessage());
        }
    }

    @Test
    void interruptingCloseReturnsPromptlyAndTasksKeepRunning() throws Exception {
        ThreadPool pool = new ThreadPool(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TaskFuture<Integer> task = pool.submit(() -> {
            started.countDown();
            release.await();
            return 7;
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread cell = new Thread(() -> {
            try {
                pool.close();
            } catch (Throwable e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        cell.start();
        TaskFutureTest.waitUntilParked(cell);
        cell.interrupt();
        cell.join(5_000);
        assertFalse(cell.isAlive());
        assertInstanceOf(TaskInterruptedException.class, thrown.get());
        assertTrue(flag.get());
        assertEquals(TaskState.RUNNING, task.state(), "the task keeps running");
        release.countDown();
        assertEquals(7, task.result(LONG));
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
