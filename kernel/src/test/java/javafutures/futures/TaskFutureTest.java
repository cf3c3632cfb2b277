package javafutures.futures;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Every state transition of TaskFuture, its waiting methods and its argument checks. */
class TaskFutureTest {

    @Test
    void newFutureIsPending() {
        TestFuture<Integer> f = new TestFuture<>();
        assertEquals(TaskState.PENDING, f.state());
        assertFalse(f.done());
        assertFalse(f.running());
        assertFalse(f.cancelled());
        assertFalse(f.isDone());
        assertNull(f.worker());
        assertEquals(Duration.ZERO, f.elapsed());
        assertEquals("task-" + f.id(), f.name());
        assertEquals("test-pool", f.pool());
    }

    @Test
    void blankNameMeansDefault() {
        assertEquals("label", new TestFuture<>("label").name());
        TestFuture<Object> f = new TestFuture<>("  ");
        assertEquals("task-" + f.id(), f.name());
    }

    @Test
    void pendingToRunningToFinished() throws Exception {
        TestFuture<Integer> f = new TestFuture<>();
        assertTrue(f.start("worker-1"));
        assertEquals(TaskState.RUNNING, f.state());
        assertTrue(f.running());
        assertFalse(f.done());
        assertEquals("worker-1", f.worker());
        assertFalse(f.start("worker-2"), "start takes effect once");
        assertTrue(f.succeed(12));
        assertEquals(TaskState.FINISHED, f.state());
        assertTrue(f.done());
        assertFalse(f.running());
        assertEquals(12, f.result());
        assertEquals(12, f.result(Duration.ZERO));
        assertEquals(12, f.get());
        assertEquals(12, f.get(0, TimeUnit.SECONDS));
        assertNull(f.exception());
        assertEquals("worker-1", f.worker());
        assertEquals(java.util.List.of(TaskState.RUNNING), f.completedFrom);
    }

    @Test
    void finalStatesNeverChange() {
        TestFuture<Integer> f = new TestFuture<>();
        f.start("w");
        f.succeed(1);
        assertFalse(f.succeed(2));
        assertFalse(f.failWith(new RuntimeException()));
        assertFalse(f.cancel());
        assertFalse(f.cancel(true));
        assertFalse(f.start("w"));
        assertEquals(1, f.result());
        assertEquals(1, f.completedFrom.size(), "the pool hook runs once");
    }

    @Test
    void elapsedGrowsWhileRunningThenFreezes() throws Exception {
        TestFuture<Integer> f = new TestFuture<>();
        f.start("w");
        Duration a = f.elapsed();
        Thread.sleep(20);
        Duration b = f.elapsed();
        assertTrue(b.compareTo(a) > 0, a + " then " + b);
        f.succeed(1);
        Duration c = f.elapsed();
        Thread.sleep(20);
        assertEquals(c, f.elapsed());
        assertTrue(c.compareTo(b) >= 0);
    }

    @Test
    void runningToFailed() {
        TestFuture<Integer> f = new TestFuture<>();
        f.start("w");
        IllegalStateException boom = new IllegalStateException("boom");
        assertTrue(f.failWith(boom));
        assertEquals(TaskState.FAILED, f.state());
        assertTrue(f.done());
        assertSame(boom, f.exception());
        TaskFailedException e = assertThrows(TaskFailedException.class, f::result);
        assertSame(boom, e.getCause());
        assertEquals(f.name(), e.taskName());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        ExecutionException ee = assertThrows(ExecutionException.class, f::get);
        assertSame(boom, ee.getCause());
    }

    @Test
    void pendingStraightToFinishedOrFailed() {
        TestFuture<String> f = new TestFuture<>();
        assertTrue(f.succeed("x"));
        assertEquals("x", f.result());
        assertNull(f.worker(), "never ran");
        assertEquals(Duration.ZERO, f.elapsed());
        assertEquals(java.util.List.of(TaskState.PENDING), f.completedFrom);

        TestFuture<String> g = new TestFuture<>();
        assertTrue(g.failWith(new RuntimeException("early")));
        assertEquals(TaskState.FAILED, g.state());
    }

    @Test
    void cancelPending() {
        TestFuture<Integer> f = new TestFuture<>();
        assertTrue(f.cancel());
        assertEquals(TaskState.CANCELLED, f.state());
        assertTrue(f.cancelled());
        assertTrue(f.isCancelled());
        assertTrue(f.done());
        assertFalse(f.start("w"), "a cancelled task must not start");
        assertFalse(f.succeed(1));
        assertThrows(CancellationException.class, f::result);
        assertThrows(CancellationException.class, f::exception);
        assertThrows(CancellationException.class, f::get);
        assertTrue(f.cancel(), "Python: cancel() is true for an already cancelled future");
        assertFalse(f.cancel(false), "Future: cancel(boolean) is false once done");
        assertEquals(Duration.ZERO, f.elapsed());
        assertNull(f.worker());
    }

    @Test
    void cancelPendingWithJavaSignature() {
        TestFuture<Integer> f = new TestFuture<>();
        assertTrue(f.cancel(false));
        assertTrue(f.cancelled());
    }

    @Test
    void cancelRunningFailsWithoutInterrupt() {
        TestFuture<Integer> f = new TestFuture<>();
        f.start("w");
        assertFalse(f.cancel());
        assertFalse(f.cancel(false));
        assertEquals(0, f.cancelRunningCalls, "cancel(false) never asks the pool");
        assertEquals(TaskState.RUNNING, f.state());
    }

    @Test
    void cancelRunningWhenThePoolCannot() {
        TestFuture<Integer> f = new TestFuture<>();
        f.start("w");
        assertFalse(f.cancel(true));
        assertEquals(1, f.cancelRunningCalls);
        assertEquals(TaskState.RUNNING, f.state());
        assertTrue(f.succeed(5), "the task still completes normally");
        assertEquals(5, f.result());
    }

    @Test
    void cancelRunningWhenThePoolCan() {
        TestFuture<Integer> f = new TestFuture<>();
        f.canCancelRunning = true;
        f.start("w");
        assertTrue(f.cancel(true));
        assertEquals(TaskState.CANCELLED, f.state());
        assertFalse(f.succeed(5), "the late outcome is ignored");
        assertThrows(CancellationException.class, f::result);
        assertEquals("w", f.worker(), "it did run");
        assertEquals(java.util.List.of(TaskState.RUNNING), f.completedFrom);
    }

    @Test
    void resultTimesOut() {
        TestFuture<Integer> f = new TestFuture<>("slow");
        TaskTimeoutException e = assertThrows(TaskTimeoutException.class, () -> f.result(Duration.ofMillis(30)));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(e.getMessage().contains("slow") && e.getMessage().contains("PENDING"), e.getMessage());
        assertThrows(TaskTimeoutException.class, () -> f.exception(Duration.ZERO));
        assertThrows(TaskTimeoutException.class, () -> f.result(Duration.ofSeconds(-1)), "negative: just check");
        assertThrows(TimeoutException.class, () -> f.get(10, TimeUnit.MILLISECONDS));
        assertEquals(TaskState.PENDING, f.state(), "a timeout does not touch the task");
        f.succeed(3);
        assertEquals(3, f.result(Duration.ofSeconds(-1)));
        assertEquals(3, f.result(Duration.ofDays(365_000_000L * 1000)), "huge timeouts do not overflow");
    }

    @Test
    void resultWaitsForCompletionFromAnotherThread() throws Exception {
        TestFuture<String> f = new TestFuture<>();
        Thread t = new Thread(() -> {
            f.start("w");
            f.succeed("late");
        });
        AtomicReference<String> got = new AtomicReference<>();
        Thread waiter = new Thread(() -> got.set(f.result()));
        waiter.start();
        t.start();
        waiter.join(10_000);
        assertEquals("late", got.get());
    }

    @Test
    void manyWaitersAllWake() throws Exception {
        TestFuture<Integer> f = new TestFuture<>();
        int n = 16;
        CountDownLatch woke = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            boolean timed = i % 2 == 0;
            new Thread(() -> {
                if ((timed ? f.result(Duration.ofMinutes(1)) : f.result()) == 7) woke.countDown();
            }).start();
        }
        Thread.sleep(50);
        f.succeed(7);
        assertTrue(woke.await(10, TimeUnit.SECONDS));
    }

    @Test
    void interruptingAWaiterReturnsPromptly() throws Exception {
        TestFuture<Integer> f = new TestFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        CountDownLatch entered = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            entered.countDown();
            try {
                f.result();
            } catch (Throwable e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        waiter.start();
        entered.await();
        waitUntilParked(waiter);
        long start = System.nanoTime();
        waiter.interrupt();
        waiter.join(5_000);
        assertFalse(waiter.isAlive());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "returned within a second");
        assertInstanceOf(TaskInterruptedException.class, thrown.get());
        assertInstanceOf(InterruptedException.class, thrown.get().getCause());
        assertTrue(flag.get(), "the interrupt flag is set again");
        assertEquals(TaskState.PENDING, f.state(), "the task is not affected");
        f.succeed(1);
        assertEquals(1, f.result(), "the future still completes and can be waited on");
    }

    @Test
    void alreadyInterruptedThreadDoesNotWait() {
        TestFuture<Integer> f = new TestFuture<>();
        Thread.currentThread().interrupt();
        try {
            assertThrows(TaskInterruptedException.class, f::result);
            assertTrue(Thread.currentThread().isInterrupted());
            assertThrows(InterruptedException.class, () -> {
                Thread.interrupted();
                Thread.currentThread().interrupt();
                f.get();
            });
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void doneFutureAnswersEvenWhenInterrupted() {
        TestFuture<Integer> f = new TestFuture<>();
        f.succeed(9);
        Thread.currentThread().interrupt();
        try {
            assertEquals(9, f.result());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void argumentChecks() {
        TestFuture<Integer> f = new TestFuture<>();
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> f.result(null)).getMessage());
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> f.exception(null)).getMessage());
        assertEquals("callback", assertThrows(NullPointerException.class, () -> f.addDoneCallback(null)).getMessage());
        assertEquals("error", assertThrows(NullPointerException.class, () -> f.failWith(null)).getMessage());
        assertEquals("unit", assertThrows(NullPointerException.class, () -> f.get(1, null)).getMessage());
    }

    @Test
    void toStringShowsStateAndValue() {
        TestFuture<String> f = new TestFuture<>("job");
        assertEquals("TaskFuture[job PENDING]", f.toString());
        f.succeed("ok");
        assertEquals("TaskFuture[job FINISHED = \"ok\"]", f.toString());
        TestFuture<String> g = new TestFuture<>("bad");
        g.failWith(new ArithmeticException("/ by zero"));
        assertEquals("TaskFuture[bad FAILED: ArithmeticException: / by zero]", g.toString());
    }

    /** Waits (bounded) until {@code t} is parked or waiting, so an interrupt hits the wait itself. */
    static void waitUntilParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) fail("thread never started waiting: " + t.getState());
            Thread.sleep(1);
        }
    }
}
