package javafutures.futures;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The waiters and listeners of a future (review findings: nodes never unlinked; remove racing completion). */
class WaitStackTest {
    @Test
    void pollingResultWithATimeoutDoesNotGrowTheStack() {
        TestFuture<Integer> f = new TestFuture<>("polled");
        for (int i = 0; i < 5_000; i++) {
            assertThrows(TaskTimeoutException.class, () -> f.result(Duration.ofNanos(1000)));
        }
        assertTrue(WaitStack.depth(f) <= 1, "timed-out waiters are unlinked, found " + WaitStack.depth(f));
        FuturesRemoveCheck.addAndRemoveListeners(f, 1_000);
        assertTrue(WaitStack.depth(f) <= 1, "removed listeners are unlinked, found " + WaitStack.depth(f));
        f.succeed(3);
        assertEquals(3, f.result());
    }

    @Test
    void removersRacingCompletionNeverLoopAndListenersRunOnce() throws Exception {
        for (int round = 0; round < 300; round++) {
            TestFuture<Integer> f = new TestFuture<>("raced");
            AtomicInteger ran = new AtomicInteger();
            int listeners = 20;
            for (int i = 0; i < listeners; i++) f.addListener(x -> ran.incrementAndGet());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> waiters = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread w = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 50 && !f.done(); i++) {
                            try {
                                f.result(Duration.ofNanos(ThreadLocalRandom.current().nextInt(1, 20_000)));
                            } catch (TaskTimeoutException e) {
                                // poll again
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                w.start();
                waiters.add(w);
            }
            go.countDown();
            Thread.sleep(0, ThreadLocalRandom.current().nextInt(1, 50_000));
            Thread completer = new Thread(() -> f.succeed(1));
            completer.start();
            completer.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(completer.isAlive(), "completion finished (no cycle in the stack)");
            for (Thread w : waiters) {
                w.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(w.isAlive());
            }
            assertEquals(listeners, ran.get(), "each listener ran exactly once");
        }
    }
}
