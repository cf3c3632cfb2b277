package javafutures.futures;

import javafutures.pools.Pools;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** ThreadPool: submitting, threads, initializer, invoke*, statistics and argument checks. */
class ThreadPoolTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void submitCallableRunnableAndCheckedRunnable() throws Exception {
        try (ThreadPool pool = new ThreadPool(2)) {
            TaskFuture<Integer> a = pool.submit(() -> 3 * 4);
            assertEquals(12, a.result(LONG));
            AtomicInteger ran = new AtomicInteger();
            Runnable r = ran::incrementAndGet;
            TaskFuture<Void> b = pool.submit(r);
            assertNull(b.result(LONG));
            TaskFuture<Void> c = pool.submit(() -> {
                Thread.sleep(1); // a checked exception in a void lambda compiles
                ran.incrementAndGet();
            });
            assertNull(c.result(LONG));
            TaskFuture<String> d = pool.submit(ran::incrementAndGet, "done");
            assertEquals("done", d.result(LONG));
            assertEquals(3, ran.get());
            assertEquals(a.pool(), pool.name());
            assertTrue(a.worker().startsWith(pool.name() + "-worker-"), a.worker());
        }
    }

    @Test
    void checkedExceptionOfAVoidTaskIsTheFuturesException() {
        try (ThreadPool pool = new ThreadPool(1)) {
            TaskFuture<Void> f = pool.submit(() -> {
                throw new java.io.IOException("disk");
            });
            assertInstanceOf(java.io.IOException.class, f.exception(LONG));
            assertEquals(TaskState.FAILED, f.state());
        }
    }

    @Test
    void namedTasks() {
        try (ThreadPool pool = ThreadPool.builder().workers(1).name("named").threadNamePrefix("io").build()) {
            TaskFuture<Integer> f = pool.submit("answer", () -> 42);
            TaskFuture<Void> g = pool.submit("side", () -> { });
            TaskFuture<Void> h = pool.submit("checked", () -> Thread.sleep(1));
            assertEquals(42, f.result(LONG));
            g.result(LONG);
            h.result(LONG);
            assertEquals("answer", f.name());
            assertEquals("side", g.name());
            assertEquals("named", f.pool());
            assertEquals("io-1", f.worker());
            assertTrue(pool.submit((String) null, () -> 1).name().startsWith("task-"));
        }
    }

    @Test
    void taskExceptionsAreHeldInTheFuture() {
        try (ThreadPool pool = new ThreadPool(1)) {
            TaskFuture<Integer> f = pool.submit(() -> 1 / 0);
            assertInstanceOf(ArithmeticException.class, f.exception(LONG));
            assertThrows(TaskFailedException.class, f::result);
            TaskFuture<Integer> next = pool.submit(() -> 2);
            assertEquals(2, next.result(LONG), "the pool is fine after a failing task");
            TaskFuture<Integer> err = pool.submit(() -> {
                throw new StackOverflowError("deep");
            });
            assertInstanceOf(StackOverflowError.class, err.exception(LONG), "errors are held too");
        }
    }

    @Test
    void executeReportsFailures() throws Exception {
        try (StdErrCapture err = new StdErrCapture(); ThreadPool pool = new ThreadPool(1)) {
            CountDownLatch ran = new CountDownLatch(1);
            pool.execute(() -> {
                ran.countDown();
                throw new IllegalStateException("nobody is listening");
            });
            pool.shutdown(true, false);
            assertTrue(ran.await(1, TimeUnit.SECONDS));
            assertTrue(err.text().contains("nobody is listening"), err.text());
        }
    }

    @Test
    void poolThreadsAreDaemonsInTheKernelGroupNotTheSubmitters() throws Exception {
        ThreadGroup cell = new ThreadGroup("cell-7");
        AtomicReference<ThreadGroup> taskGroup = new AtomicReference<>();
        AtomicReference<Boolean> daemon = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread cellThread = new Thread(cell, () -> {
            try (ThreadPool pool = new ThreadPool(2)) {
                pool.submit(() -> {
                    taskGroup.set(Thread.currentThread().getThreadGroup());
                    daemon.set(Thread.currentThread().isDaemon());
                    return null;
                }).result(LONG);
            } catch (Throwable e) {
                error.set(e);
            }
        }, "cell-7-main");
        cellThread.start();
        cellThread.join(30_000);
        assertNull(error.get());
        assertSame(Pools.threadGroup(), taskGroup.get());
        for (ThreadGroup g = taskGroup.get(); g != null; g = g.getParent()) assertNotSame(cell, g);
        assertTrue(daemon.get());
    }

    @Test
    void poolThreadsDoNotInheritTheSubmittersThreadLocals() throws Exception {
        InheritableThreadLocal<String> local = new InheritableThreadLocal<>();
        local.set("cell");
        try (ThreadPool pool = new ThreadPool(1)) {
            assertNull(pool.submit(local::get).result(LONG));
        } finally {
            local.remove();
        }
    }

    @Test
    void initializerRunsOncePerWorkerThread() {
        AtomicInteger inits = new AtomicInteger();
        ThreadLocal<Boolean> initialized = new ThreadLocal<>();
        try (ThreadPool pool = ThreadPool.builder().workers(2).initializer(() -> {
            inits.incrementAndGet();
            initialized.set(true);
        }).build()) {
            List<TaskFuture<Boolean>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) fs.add(pool.submit(() -> Boolean.TRUE.equals(initialized.get())));
            for (TaskFuture<Boolean> f : fs) assertTrue(f.result(LONG));
            assertTrue(inits.get() >= 1 && inits.get() <= 2, "once per thread: " + inits.get());
        }
    }

    @Test
    void failingInitializerBreaksThePool() throws Exception {
        try (StdErrCapture err = new StdErrCapture()) {
            ThreadPool pool = ThreadPool.builder().workers(1).name("fragile").initializer(() -> {
                throw new IllegalStateException("no database");
            }).build();
            TaskFuture<Integer> first = pool.submit(() -> 1);
            Throwable e = first.exception(LONG);
            assertInstanceOf(RejectedExecutionException.class, e);
            assertTrue(e.getMessage().contains("fragile") && e.getMessage().contains("no database"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            RejectedExecutionException later = assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> 2));
            assertTrue(later.getMessage().contains("broken"), later.getMessage());
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertTrue(err.text().contains("no database"), "the initializer's failure is printed");
        }
    }

    @Test
    void submitAfterShutdownIsRejectedClearly() {
        ThreadPool pool = ThreadPool.builder().workers(1).name("closed").build();
        pool.shutdown();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> 1));
        assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("shut down"), e.getMessage());
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> pool.map(x -> x, List.of(1)));
    }

    @Test
    void invokeAllWaitsForAll() throws Exception {
        try (ThreadPool pool = new ThreadPool(2)) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                tasks.add(() -> n * n);
            }
            tasks.add(() -> {
                throw new IllegalStateException("one bad");
            });
            List<Future<Integer>> fs = pool.invokeAll(tasks);
            for (int i = 0; i < 10; i++) assertEquals(i * i, fs.get(i).get());
            assertTrue(fs.stream().allMatch(Future::isDone));
            assertThrows(ExecutionException.class, () -> fs.get(10).get());
            assertInstanceOf(TaskFuture.class, fs.get(0));
        }
    }

    @Test
    void invokeAllWithTimeoutCancelsTheUnfinished() throws Exception {
        try (ThreadPool pool = new ThreadPool(1)) {
            CountDownLatch never = new CountDownLatch(1);
            List<Callable<Integer>> tasks = List.of(() -> 1, () -> {
                never.await();
                return 2;
            }, () -> 3);
            List<Future<Integer>> fs = pool.invokeAll(tasks, 100, TimeUnit.MILLISECONDS);
            assertEquals(1, fs.get(0).get());
            assertTrue(fs.get(1).isCancelled());
            assertTrue(fs.get(2).isCancelled());
        }
    }

    @Test
    void invokeAnyReturnsTheFirstSuccess() throws Exception {
        try (ThreadPool pool = new ThreadPool(2)) {
            CountDownLatch never = new CountDownLatch(1);
            Integer v = pool.invokeAny(List.of(() -> {
                never.await();
                return 1;
            }, () -> 2, () -> {
                throw new IllegalStateException("bad");
            }));
            assertEquals(2, v);
            ExecutionException all = assertThrows(ExecutionException.class, () -> pool.invokeAny(List.<Callable<Integer>>of(
                    () -> {
                        throw new IllegalStateException("bad 1");
                    })));
            assertTrue(all.getCause().getMessage().contains("bad 1"));
            assertThrows(TimeoutException.class, () -> pool.invokeAny(List.<Callable<Integer>>of(() -> {
                never.await();
                return 1;
            }), 50, TimeUnit.MILLISECONDS));
            assertThrows(IllegalArgumentException.class, () -> pool.invokeAny(List.<Callable<Integer>>of()));
        }
    }

    @Test
    void resizeChangesTheNumberOfWorkers() throws Exception {
        try (ThreadPool pool = new ThreadPool(1)) {
            assertEquals(1, pool.workers());
            pool.resize(3);
            assertEquals(3, pool.workers());
            CountDownLatch all3 = new CountDownLatch(3);
            CountDownLatch release = new CountDownLatch(1);
            List<TaskFuture<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fs.add(pool.submit(() -> {
                    all3.countDown();
                    release.await();
                }));
            }
            assertTrue(all3.await(30, TimeUnit.SECONDS), "three tasks run at once after growing");
            assertEquals(3, pool.running());
            release.countDown();
            for (TaskFuture<Void> f : fs) f.result(LONG);
            pool.resize(1);
            assertEquals(1, pool.workers());
            assertEquals(5, pool.submit(() -> 5).result(LONG));
        }
    }

    @Test
    void statisticsCountQueuedRunningFinished() throws Exception {
        try (ThreadPool pool = new ThreadPool(1)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            TaskFuture<Void> blocker = pool.submit(() -> {
                started.countDown();
                release.await();
            });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            List<TaskFuture<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) queued.add(pool.submit(() -> 1));
            queued.get(0).cancel();
            assertEquals(4, pool.queued(), "cancelled tasks are not queued");
            assertEquals(1, pool.running());
            assertEquals(1, pool.finished(), "the cancelled one is done");
            assertEquals(List.of(pool.name() + "-worker-1"), pool.workerNames());
            assertTrue(pool.describe().contains("1 running, 4 queued"), pool.describe());
            release.countDown();
            blocker.result(LONG);
            for (TaskFuture<Integer> f : queued.subList(1, 5)) f.result(LONG);
            pool.shutdown(true, false);
            assertEquals(0, pool.queued());
            assertEquals(0, pool.running());
            assertEquals(6, pool.finished());
            assertEquals("threads", pool.kind());
        }
    }

    @Test
    void countsAgreeWithTheFuturesOnceTheResultsAreIn() throws Exception {
        // No waiting for the pool: right after the last result, %pool's counts must say what the futures say.
        // (The executor's own counts move only after a task's future completed: "1 running" for a moment.)
        try (ThreadPool pool = new ThreadPool(2)) {
            long done = 0;
            for (int round = 0; round < 300; round++) {
                List<TaskFuture<Integer>> fs = new ArrayList<>();
                for (int i = 0; i < 1 + round % 3; i++) fs.add(pool.submit(() -> 1));
                for (TaskFuture<Integer> f : fs) f.result(LONG);
                done += fs.size();
                assertEquals(0, pool.running(), "round " + round + ": " + pool.describe());
                assertEquals(0, pool.queued(), "round " + round + ": " + pool.describe());
                assertEquals(done, pool.finished(), "round " + round + ": " + pool.describe());
            }
            // Workers that end (the pool shrinks) keep their counts.
            pool.resize(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pool.workerNames().size() > 1 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(1, pool.workerNames().size(), pool.describe());
            assertEquals(done, pool.finished(), pool.describe());
            // A failed task and one cancelled in the queue count too.
            CountDownLatch release = new CountDownLatch(1);
            TaskFuture<Object> blocker = pool.submit(() -> {
                release.await();
                throw new IllegalStateException("boom");
            });
            TaskFuture<Integer> cancelled = pool.submit(() -> 1);
            assertTrue(cancelled.cancel());
            assertEquals(done + 1, pool.finished(), "the cancelled one is done: " + pool.describe());
            release.countDown();
            assertTrue(blocker.exception(LONG) instanceof IllegalStateException);
            assertEquals(7, pool.submit(() -> 7).result(LONG)); // one worker, in order: it took the cancelled one first
            assertEquals(0, pool.running(), pool.describe());
            assertEquals(0, pool.queued(), pool.describe());
            assertEquals(done + 3, pool.finished(), pool.describe());
        }
    }

    @Test
    void tenThousandConcurrentSubmittersAllComplete() throws Exception {
        int threads = 8;
        int perThread = 1250;
        try (ThreadPool pool = new ThreadPool(4)) {
            Set<TaskFuture<Integer>> all = ConcurrentHashMap.newKeySet();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        int n = base + i;
                        TaskFuture<Integer> f = pool.submit(() -> n);
                        f.addDoneCallback(d -> { });
                        all.add(f);
                    }
                });
                submitters.add(th);
                th.start();
            }
            go.countDown();
            for (Thread th : submitters) th.join(60_000);
            assertEquals(threads * perThread, all.size());
            long sum = 0;
            for (TaskFuture<Integer> f : all) sum += f.result(LONG);
            long n = threads * perThread;
            assertEquals(n * (n - 1) / 2, sum, "every task ran exactly once with its own value");
            pool.shutdown(true, false);
            assertEquals(n, pool.finished());
        }
    }

    @Test
    void cancelTrueInterruptsARunningTaskButNotTheNextOne() throws Exception {
        try (ThreadPool pool = new ThreadPool(1)) {
            CountDownLatch started = new CountDownLatch(1);
            TaskFuture<Integer> sleeper = pool.submit(() -> {
                started.countDown();
                Thread.sleep(60_000);
                return 1;
            });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertFalse(sleeper.cancel(), "Python cancel() cannot stop a running task");
            assertTrue(sleeper.cancel(true));
            assertTrue(sleeper.cancelled());
            TaskFuture<Boolean> next = pool.submit(() -> {
                Thread.sleep(50);
                return Thread.currentThread().isInterrupted();
            });
            assertFalse(next.result(LONG), "the interrupt did not leak into the next task");
        }
    }

    @Test
    void elapsedCoversTheRunNotTheWaitInTheQueueNorTheIdleWorker() throws Exception {
        try (ThreadPool pool = new ThreadPool(1)) {
            // Back to back on one worker, each task's start is its predecessor's end (no clock read): the
            // runs must not overlap, so their elapsed times add up to at most the wall time of the batch.
            long before = System.nanoTime();
            List<TaskFuture<Void>> chain = new ArrayList<>();
            for (int i = 0; i < 3; i++) chain.add(pool.submit(() -> Thread.sleep(40)));
            for (TaskFuture<Void> f : chain) f.result(LONG);
            long wall = System.nanoTime() - before;
            long sum = 0;
            for (TaskFuture<Void> f : chain) {
                assertTrue(f.elapsed().toMillis() >= 40, "at least its own run: " + f.elapsed());
                sum += f.elapsed().toNanos();
            }
            assertTrue(sum <= wall, "runs overlap: " + sum / 1e6 + " ms of runs in " + wall / 1e6 + " ms");
            Thread.sleep(300); // the worker waits for work
            long submitted = System.nanoTime();
            TaskFuture<Void> late = pool.submit(() -> Thread.sleep(20));
            late.result(LONG);
            long latency = System.nanoTime() - submitted;
            assertTrue(late.elapsed().toMillis() >= 20, late.elapsed().toString());
            assertTrue(late.elapsed().toNanos() <= latency, "not the worker's idle time: " + late.elapsed());
        }
    }

    @Test
    void argumentChecks() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ThreadPool(0)).getMessage().contains("workers"));
        assertThrows(IllegalArgumentException.class, () -> new ThreadPool(-3));
        ThreadPool.Builder b = ThreadPool.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.workers(0)).getMessage().contains("workers"));
        assertEquals("threadNamePrefix", assertThrows(NullPointerException.class, () -> b.threadNamePrefix(null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.threadNamePrefix(" ")).getMessage().contains("threadNamePrefix"));
        assertEquals("initializer", assertThrows(NullPointerException.class, () -> b.initializer(null)).getMessage());
        assertEquals("name", assertThrows(NullPointerException.class, () -> b.name(null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.name("two words")).getMessage().contains("name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ThreadPool.builder().name("threads").build())
                .getMessage().contains("reserved"));
        try (ThreadPool pool = new ThreadPool(1)) {
            assertEquals("task", assertThrows(NullPointerException.class, () -> pool.submit((Callable<Integer>) null)).getMessage());
            assertEquals("task", assertThrows(NullPointerException.class, () -> pool.submit((Runnable) null)).getMessage());
            assertEquals("task", assertThrows(NullPointerException.class, () -> pool.submit((CheckedRunnable) null)).getMessage());
            assertEquals("task", assertThrows(NullPointerException.class, () -> pool.submit((Runnable) null, 1)).getMessage());
            assertEquals("task", assertThrows(NullPointerException.class, () -> pool.submit("x", (Callable<Integer>) null)).getMessage());
            assertEquals("command", assertThrows(NullPointerException.class, () -> pool.execute(null)).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> pool.resize(0)).getMessage().contains("workers"));
            assertEquals("tasks", assertThrows(NullPointerException.class, () -> pool.invokeAll(null)).getMessage());
            List<Callable<Integer>> withNull = new ArrayList<>();
            withNull.add(() -> 1);
            withNull.add(null);
            assertTrue(assertThrows(NullPointerException.class, () -> pool.invokeAll(withNull)).getMessage().contains("index 1"));
            assertEquals("unit", assertThrows(NullPointerException.class, () -> pool.invokeAll(List.of(), 1, null)).getMessage());
        }
    }

    @Test
    void virtualPoolNeedsJdk21() throws Exception {
        if (Runtime.version().feature() < 21) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, ThreadPool::virtual);
            assertTrue(e.getMessage().contains("JDK 21"), e.getMessage());
            return;
        }
        try (ThreadPool pool = ThreadPool.virtual()) {
            TaskFuture<Boolean> f = pool.submit(() -> (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
            assertTrue(f.result(LONG), "runs on a virtual thread");
            assertTrue(f.worker().startsWith(pool.name() + "-worker-"), f.worker());
            assertEquals(-1, pool.workers());
            assertEquals("virtual threads", pool.kind());
            assertThrows(UnsupportedOperationException.class, () -> pool.resize(2));
            List<TaskFuture<Integer>> many = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                many.add(pool.submit(() -> {
                    Thread.sleep(10);
                    return n;
                }));
            }
            for (int i = 0; i < 1000; i++) assertEquals(i, many.get(i).result(LONG));
            pool.shutdown(true, false);
            assertEquals(1001, pool.finished());
        }
    }
}
