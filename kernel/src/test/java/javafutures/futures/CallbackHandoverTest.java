package javafutures.futures;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A future whose completion a done callback moved to the pool's completions thread: between the worker's end
 * of the task and that thread's completion, and between its final state and its last callback.
 */
class CallbackHandoverTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void cancelTrueAfterTheBodyEndedNeverInterruptsTheWorkersNextTask() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().workers(1).threadNamePrefix("handover").build()) {
            // The window is made certain by a callback holding the completions thread; only the watchdog's spare
            // thread (after a 200 ms stall) can close it early, and then the round is tried again.
            for (int attempt = 0; attempt < 5; attempt++) {
                CountDownLatch holding = new CountDownLatch(1);
                CountDownLatch hold = new CountDownLatch(1);
                CountDownLatch firstGate = new CountDownLatch(1);
                TaskFuture<Integer> first = pool.submit(() -> {
                    firstGate.await();
                    return 0;
                });
                first.addDoneCallback(d -> {
                    holding.countDown();
                    awaitLatch(hold);
                });
                firstGate.countDown();
                assertTrue(holding.await(30, TimeUnit.SECONDS));

                CountDownLatch gate = new CountDownLatch(1);
                TaskFuture<Integer> handed = pool.submit(() -> {
                    gate.await();
                    return 1;
                });
                handed.addDoneCallback(d -> { }); // its completion now goes to the (held) completions thread
                CountDownLatch nextStarted = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                TaskFuture<String> next = pool.submit(() -> {
                    nextStarted.countDown();
                    try {
                        release.await();
                        return "ran";
                    } catch (InterruptedException e) {
                        return "interrupted";
                    }
                });
                gate.countDown();
                assertTrue(nextStarted.await(30, TimeUnit.SECONDS)); // the worker left `handed` and runs `next`
                boolean inWindow = !handed.done();
                boolean cancelled = handed.cancel(true);
                release.countDown();
                hold.countDown();
                String outcome = next.result(LONG);
                if (!inWindow) continue;
                assertEquals("ran", outcome, "cancel(true) of a task whose body had ended interrupted the worker's next task");
                assertFalse(cancelled, "a task that already ran cannot be cancelled");
                assertEquals(1, handed.result(LONG), "the delivered result wins");
                assertEquals(TaskState.FINISHED, handed.state());
                return;
            }
            fail("the completions thread was never held long enough to test the window");
        }
    }

    @Test
    void callbackAddedWhileEarlierOnesRunWaitsForThem() throws Exception {
        try (ThreadPool pool = new ThreadPool(1)) {
            CountDownLatch gate = new CountDownLatch(1);
            TaskFuture<Integer> f = pool.submit(() -> {
                gate.await();
                return 1;
            });
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch firstRunning = new CountDownLatch(1);
            CountDownLatch letFirstEnd = new CountDownLatch(1);
            CountDownLatch allRan = new CountDownLatch(3);
            f.addDoneCallback(d -> {
                order.add("a");
                firstRunning.countDown();
                awaitLatch(letFirstEnd);
                allRan.countDown();
            });
            f.addDoneCallback(d -> {
                order.add("b");
                allRan.countDown();
            });
            gate.countDown();
            assertTrue(firstRunning.await(30, TimeUnit.SECONDS));
            assertTrue(f.done(), "callbacks run once the future is done");
            f.addDoneCallback(d -> {
                order.add("c");
                allRan.countDown();
            });
            letFirstEnd.countDown();
            assertTrue(allRan.await(30, TimeUnit.SECONDS));
            assertEquals(List.of("a", "b", "c"), order, "callbacks run in the order added");
        }
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            if (!l.await(30, TimeUnit.SECONDS)) throw new AssertionError("not released in 30 s");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
