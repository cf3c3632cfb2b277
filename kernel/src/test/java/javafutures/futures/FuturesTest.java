package javafutures.futures;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Futures.asCompleted and Futures.waitFor, driven by hand-completed futures. */
class FuturesTest {

    private static List<TestFuture<Integer>> futures(int n) {
        List<TestFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) fs.add(new TestFuture<>("f" + i));
        return fs;
    }

    /** Completes {@code f} from another thread after {@code ms}. */
    private static void later(long ms, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void asCompletedYieldsDoneOnesFirstThenInCompletionOrder() {
        List<TestFuture<Integer>> fs = futures(4);
        fs.get(2).succeed(2);
        Iterator<TestFuture<Integer>> it = Futures.asCompleted(fs).iterator();
        assertSame(fs.get(2), it.next(), "already done: at once");
        // Complete the rest in the order 3, 0, 1, each after the consumer asked for it.
        later(20, () -> fs.get(3).succeed(3));
        assertSame(fs.get(3), it.next());
        later(20, () -> fs.get(0).failWith(new RuntimeException("x")));
        assertSame(fs.get(0), it.next());
        later(20, () -> fs.get(1).cancel());
        assertSame(fs.get(1), it.next());
        assertFalse(it.hasNext());
    }

    @Test
    void asCompletedWithARealPoolYieldsEveryFutureOnce() {
        try (ThreadPool pool = new ThreadPool(3)) {
            List<TaskFuture<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    Thread.sleep((n * 7) % 13);
                    return n;
                }));
            }
            fs.add(fs.get(0)); // duplicates are yielded once
            Set<Integer> seen = new java.util.HashSet<>();
            for (TaskFuture<Integer> f : Futures.asCompleted(fs)) {
                assertTrue(f.done());
                assertTrue(seen.add(f.result()));
            }
            assertEquals(30, seen.size());
        }
    }

    @Test
    void asCompletedTimesOut() {
        List<TestFuture<Integer>> fs = futures(2);
        fs.get(0).succeed(0);
        Iterator<TestFuture<Integer>> it = Futures.asCompleted(fs, Duration.ofMillis(50)).iterator();
        assertSame(fs.get(0), it.next());
        TaskTimeoutException e = assertThrows(TaskTimeoutException.class, it::next);
        assertTrue(e.getMessage().contains("1 of 2"), e.getMessage());
    }

    @Test
    void asCompletedIsInterruptible() throws Exception {
        List<TestFuture<Integer>> fs = futures(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                for (TestFuture<Integer> f : Futures.asCompleted(fs)) f.result();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        TaskFutureTest.waitUntilParked(t);
        t.interrupt();
        t.join(5_000);
        assertInstanceOf(TaskInterruptedException.class, thrown.get());
    }

    @Test
    void waitForAllCompleted() {
        List<TestFuture<Integer>> fs = futures(3);
        for (int i = 0; i < 3; i++) {
            int n = i;
            later(10L * (i + 1), () -> fs.get(n).succeed(n));
        }
        Futures.DoneAndNotDone<TestFuture<Integer>> r = Futures.waitFor(fs);
        assertEquals(3, r.done().size());
        assertTrue(r.notDone().isEmpty());
        assertEquals(List.copyOf(fs), List.copyOf(r.done()), "in input order");
    }

    @Test
    void waitForFirstCompleted() {
        List<TestFuture<Integer>> fs = futures(3);
        later(20, () -> fs.get(1).succeed(1));
        Futures.DoneAndNotDone<TestFuture<Integer>> r = Futures.waitFor(fs, ReturnWhen.FIRST_COMPLETED);
        assertTrue(r.done().contains(fs.get(1)));
        assertTrue(r.notDone().contains(fs.get(0)) && r.notDone().contains(fs.get(2)));
    }

    @Test
    void waitForFirstExceptionIgnoresSuccessesAndCancels() {
        List<TestFuture<Integer>> fs = futures(4);
        fs.get(0).succeed(0);
        fs.get(1).cancel();
        later(20, () -> fs.get(3).failWith(new IllegalStateException("x")));
        Futures.DoneAndNotDone<TestFuture<Integer>> r = Futures.waitFor(fs, ReturnWhen.FIRST_EXCEPTION, Duration.ofSeconds(30));
        assertEquals(Set.of(fs.get(0), fs.get(1), fs.get(3)), r.done());
        assertEquals(Set.of(fs.get(2)), r.notDone());
    }

    @Test
    void waitForFirstExceptionWithoutFailuresWaitsForAll() {
        List<TestFuture<Integer>> fs = futures(2);
        fs.get(0).succeed(0);
        later(20, () -> fs.get(1).succeed(1));
        assertEquals(2, Futures.waitFor(fs, ReturnWhen.FIRST_EXCEPTION).done().size());
    }

    @Test
    void waitForTimeoutReturnsWhatIsDone() {
        List<TestFuture<Integer>> fs = futures(2);
        fs.get(0).succeed(0);
        Futures.DoneAndNotDone<TestFuture<Integer>> r = Futures.waitFor(fs, ReturnWhen.ALL_COMPLETED, Duration.ofMillis(50));
        assertEquals(Set.of(fs.get(0)), r.done());
        assertEquals(Set.of(fs.get(1)), r.notDone());
        Futures.DoneAndNotDone<TestFuture<Integer>> zero = Futures.waitFor(fs, ReturnWhen.ALL_COMPLETED, Duration.ZERO);
        assertEquals(1, zero.notDone().size(), "zero timeout: just a look");
    }

    @Test
    void waitForIsInterruptibleAndLeavesNoListenersBehind() throws Exception {
        List<TestFuture<Integer>> fs = futures(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                Futures.waitFor(fs);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        TaskFutureTest.waitUntilParked(t);
        t.interrupt();
        t.join(5_000);
        assertInstanceOf(TaskInterruptedException.class, thrown.get());
        for (int i = 0; i < 1000; i++) Futures.waitFor(fs, ReturnWhen.ALL_COMPLETED, Duration.ofNanos(1));
        fs.get(0).succeed(1); // completion walks the listener stack: removed waiters must not be there
        assertTrue(fs.get(0).done());
    }

    @Test
    void emptyCollections() {
        assertFalse(Futures.asCompleted(List.<TaskFuture<?>>of()).iterator().hasNext());
        Futures.DoneAndNotDone<TaskFuture<?>> r = Futures.waitFor(List.<TaskFuture<?>>of());
        assertTrue(r.done().isEmpty() && r.notDone().isEmpty());
    }

    @Test
    void argumentChecks() {
        List<TestFuture<Integer>> fs = futures(1);
        assertEquals("futures", assertThrows(NullPointerException.class, () -> Futures.asCompleted(null)).getMessage());
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> Futures.asCompleted(fs, null)).getMessage());
        assertEquals("futures", assertThrows(NullPointerException.class, () -> Futures.waitFor(null)).getMessage());
        assertEquals("returnWhen", assertThrows(NullPointerException.class, () -> Futures.waitFor(fs, null)).getMessage());
        assertEquals("timeout", assertThrows(NullPointerException.class,
                () -> Futures.waitFor(fs, ReturnWhen.ALL_COMPLETED, null)).getMessage());
        List<TestFuture<Integer>> withNull = new ArrayList<>(fs);
        withNull.add(null);
        assertTrue(assertThrows(NullPointerException.class, () -> Futures.waitFor(withNull)).getMessage().contains("index 1"));
        assertEquals("futures", assertThrows(NullPointerException.class, () -> Futures.table((List<TaskFuture<?>>) null)).getMessage());
    }
}
