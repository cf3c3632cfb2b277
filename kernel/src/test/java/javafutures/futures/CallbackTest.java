package javafutures.futures;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** addDoneCallback: once, in order, at once when done, errors reported and harmless, and its races. */
class CallbackTest {

    @Test
    void callbacksRunOnceInOrderWhenDone() {
        TestFuture<Integer> f = new TestFuture<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        f.addDoneCallback(d -> seen.add("a" + d.result()));
        f.addDoneCallback(d -> seen.add("b" + d.result()));
        assertTrue(seen.isEmpty());
        f.start("w");
        assertTrue(seen.isEmpty(), "starting is not done");
        f.succeed(1);
        assertEquals(List.of("a1", "b1"), seen);
        f.succeed(2);
        f.cancel(true);
        assertEquals(List.of("a1", "b1"), seen, "never again");
    }

    @Test
    void callbackOnFinishedFutureRunsAtOnceInCaller() {
        TestFuture<Integer> f = new TestFuture<>();
        f.succeed(4);
        AtomicReference<Thread> ranIn = new AtomicReference<>();
        f.addDoneCallback(d -> ranIn.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), ranIn.get());
    }

    @Test
    void callbacksRunOnFailureAndCancel() {
        AtomicInteger calls = new AtomicInteger();
        TestFuture<Integer> failed = new TestFuture<>();
        failed.addDoneCallback(d -> {
            assertEquals(TaskState.FAILED, d.state());
            calls.incrementAndGet();
        });
        failed.failWith(new RuntimeException("x"));
        TestFuture<Integer> cancelled = new TestFuture<>();
        cancelled.addDoneCallback(d -> {
            assertTrue(d.cancelled());
            calls.incrementAndGet();
        });
        cancelled.cancel();
        assertEquals(2, calls.get());
    }

    @Test
    void throwingCallbackIsReportedAndHarmsNothing() {
        TestFuture<Integer> f = new TestFuture<>("noisy");
        AtomicInteger later = new AtomicInteger();
        f.addDoneCallback(d -> {
            throw new IllegalStateException("callback broke");
        });
        f.addDoneCallback(d -> later.incrementAndGet());
        try (StdErrCapture err = new StdErrCapture()) {
            assertTrue(f.succeed(3));
            String text = err.text();
            assertTrue(text.contains("noisy") && text.contains("callback broke"), text);
            assertTrue(text.contains("at "), "with a stack trace: " + text);
        }
        assertEquals(1, later.get(), "the next callback still ran");
        assertEquals(3, f.result());
        try (StdErrCapture err = new StdErrCapture()) {
            f.addDoneCallback(d -> {
                throw new IllegalStateException("late callback broke");
            });
            assertTrue(err.text().contains("late callback broke"));
        }
    }

    @Test
    void callbackAddedConcurrentlyWithCompletionRunsExactlyOnce() throws Exception {
        // A thread per round is slow, so fewer rounds here; the pool-based race tests below do more.
        int rounds = 2_000;
        CyclicBarrier barrier = new CyclicBarrier(2);
        for (int i = 0; i < rounds; i++) {
            TestFuture<Integer> f = new TestFuture<>();
            AtomicInteger calls = new AtomicInteger();
            Thread completer = new Thread(() -> {
                await(barrier);
                f.succeed(1);
            });
            completer.start();
            await(barrier);
            f.addDoneCallback(d -> calls.incrementAndGet());
            completer.join();
            assertEquals(1, calls.get(), "round " + i);
        }
        // Many callbacks from several threads racing one completion.
        for (int i = 0; i < 2000; i++) {
            TestFuture<Integer> f = new TestFuture<>();
            AtomicInteger calls = new AtomicInteger();
            int adders = 4;
            CountDownLatch go = new CountDownLatch(1);
            Thread[] ts = new Thread[adders];
            for (int k = 0; k < adders; k++) {
                ts[k] = new Thread(() -> {
                    awaitLatch(go);
                    for (int j = 0; j < 10; j++) f.addDoneCallback(d -> calls.incrementAndGet());
                });
                ts[k].start();
            }
            go.countDown();
            f.succeed(1);
            for (Thread t : ts) t.join();
            assertEquals(adders * 10, calls.get(), "every callback exactly once, round " + i);
        }
    }

    @Test
    void callbackRacingAWorkersCompletionRunsOnceAndNeverOnTheWorker() throws Exception {
        // The worker decides with its state CAS whether it may complete the future itself (no callback yet);
        // a callback added meanwhile must still run exactly once, and never on the worker thread.
        try (ThreadPool pool = ThreadPool.builder().workers(1).threadNamePrefix("racer").build()) {
            for (int i = 0; i < 20_000; i++) {
                // The worker spins (no parking: its wake-up would be far slower than adding the callbacks), so its
                // completion and our callbacks meet within nanoseconds often enough.
                AtomicInteger go = new AtomicInteger();
                TaskFuture<Integer> f = pool.submit(() -> {
                    while (go.get() == 0) Thread.onSpinWait();
                    return 1;
                });
                AtomicInteger calls = new AtomicInteger();
                AtomicReference<String> onWorker = new AtomicReference<>();
                while (!f.running()) Thread.onSpinWait();
                go.set(1);
                for (int k = 0; k < 3; k++) {
                    f.addDoneCallback(d -> {
                        String t = Thread.currentThread().getName();
                        if (t.startsWith("racer")) onWorker.set(t);
                        calls.incrementAndGet();
                    });
                }
                assertEquals(1, f.result());
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (calls.get() < 3 && System.nanoTime() < end) Thread.sleep(1);
                assertEquals(3, calls.get(), "every callback ran, round " + i);
                assertNull(onWorker.get(), "a callback ran on a worker, round " + i);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void cancelRacingStartHasOneWinner() throws Exception {
        ThreadPool helper = new ThreadPool(2);
        try {
            for (int i = 0; i < 20_000; i++) {
                TestFuture<Integer> f = new TestFuture<>();
                CountDownLatch go = new CountDownLatch(1);
                TaskFuture<Boolean> started = helper.submit(() -> {
                    go.await();
                    return f.start("w");
                });
                TaskFuture<Boolean> cancelled = helper.submit(() -> {
                    go.await();
                    return f.cancel();
                });
                go.countDown();
                boolean s = started.result(java.time.Duration.ofSeconds(30));
                boolean c = cancelled.result(java.time.Duration.ofSeconds(30));
                assertTrue(s ^ c, "exactly one wins, round " + i + ": started=" + s + " cancelled=" + c);
                assertEquals(s ? TaskState.RUNNING : TaskState.CANCELLED, f.state());
                assertEquals(c ? List.of(TaskState.PENDING) : List.of(), f.completedFrom, "round " + i);
            }
        } finally {
            helper.close();
        }
    }

    @Test
    void completeRacingCancelTrueHasOneWinner() throws Exception {
        ThreadPool helper = new ThreadPool(2);
        try {
            for (int i = 0; i < 20_000; i++) {
                TestFuture<Integer> f = new TestFuture<>();
                f.canCancelRunning = true;
                f.start("w");
                CountDownLatch go = new CountDownLatch(1);
                TaskFuture<Boolean> completed = helper.submit(() -> {
                    go.await();
                    return f.succeed(1);
                });
                TaskFuture<Boolean> cancelled = helper.submit(() -> {
                    go.await();
                    return f.cancel(true);
                });
                go.countDown();
                boolean a = completed.result(java.time.Duration.ofSeconds(30));
                boolean b = cancelled.result(java.time.Duration.ofSeconds(30));
                assertTrue(a ^ b, "round " + i);
                assertEquals(a ? TaskState.FINISHED : TaskState.CANCELLED, f.state());
                assertEquals(1, f.completedFrom.size());
            }
        } finally {
            helper.close();
        }
    }

    @Test
    void waiterRacingCompletionIsAlwaysWoken() throws Exception {
        ThreadPool helper = new ThreadPool(2);
        try {
            for (int i = 0; i < 20_000; i++) {
                TestFuture<Integer> f = new TestFuture<>();
                CountDownLatch go = new CountDownLatch(1);
                TaskFuture<Integer> waiter = helper.submit(() -> {
                    go.await();
                    return f.result(java.time.Duration.ofSeconds(30)); // a lost wake-up times out
                });
                TaskFuture<Boolean> completer = helper.submit(() -> {
                    go.await();
                    return f.succeed(i0(f));
                });
                go.countDown();
                assertTrue(completer.result(java.time.Duration.ofSeconds(30)));
                assertEquals((int) f.id(), waiter.result(java.time.Duration.ofSeconds(60)), "round " + i);
            }
        } finally {
            helper.close();
        }
    }

    private static int i0(TestFuture<Integer> f) {
        return (int) f.id();
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
