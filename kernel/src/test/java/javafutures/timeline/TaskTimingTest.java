package javafutures.timeline;

import javafutures.cluster.ClusterPool;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import javafutures.futures.TaskTiming;
import javafutures.futures.TestFuture;
import javafutures.futures.ThreadPool;
import javafutures.process.ProcessPool;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** What futures record for timelines, in every engine: submit, start, end, and the remote run time. */
class TaskTimingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aThreadTaskRecordsSubmitStartAndEndInOrderAndASecondTaskOnOneWorkerWaits() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (ThreadPool pool = new ThreadPool(1)) {
            long before = System.nanoTime();
            TaskFuture<Integer> first = pool.submit(() -> {
                gate.await();
                return 1;
            });
            TaskFuture<Integer> second = pool.submit(() -> 2);
            TaskTiming waiting = second.timing();
            assertEquals(TaskState.PENDING, waiting.state());
            assertNull(waiting.worker());
            assertFalse(waiting.started());
            assertTrue(waiting.submittedNanos() >= before);
            Thread.sleep(50);
            assertTrue(waiting.queued(System.nanoTime()).toMillis() >= 50, "queued time grows while it waits");
            gate.countDown();
            second.result(WAIT);
            TaskTiming a = first.timing();
            TaskTiming b = second.timing();
            assertEquals(TaskState.FINISHED, b.state());
            assertEquals(second.worker(), b.worker());
            assertTrue(a.submittedNanos() <= a.startedNanos() && a.startedNanos() <= a.endedNanos());
            assertTrue(b.submittedNanos() <= b.startedNanos() && b.startedNanos() <= b.endedNanos());
            assertTrue(b.startedNanos() >= a.endedNanos(), "one worker: the second starts after the first ends");
            assertTrue(b.queued(0).toMillis() >= 50, "it waited for the first: " + b.queued(0));
            assertEquals(b.endedNanos() - b.startedNanos(), b.run(0).toNanos());
            assertEquals(-1, b.remoteRunNanos(), "a thread task has no remote run time");
            assertEquals(Duration.ZERO, b.transit());
        }
    }

    @Test
    void aTaskCancelledBeforeItStartedHasNoWorkerAndAnEnd() {
        TestFuture<Integer> f = new TestFuture<>();
        assertTrue(f.cancel());
        TaskTiming t = f.timing();
        assertEquals(TaskState.CANCELLED, t.state());
        assertNull(t.worker());
        assertTrue(t.endedNanos() >= t.submittedNanos());
        assertEquals(Duration.ZERO, t.run(System.nanoTime()));
        assertEquals(t.endedNanos() - t.submittedNanos(), t.queued(Long.MAX_VALUE).toNanos(), "waited until cancelled");
    }

    @Test
    void aProcessTaskKnowsHowLongItRanInItsWorkerSoTheRestIsTransit() {
        try (ProcessPool pool = new ProcessPool(1)) {
            TaskFuture<Long> f = pool.submit(() -> {
                long end = System.nanoTime() + 30_000_000L;
                long x = 0;
                while (System.nanoTime() < end) x++;
                return x;
            });
            f.result(WAIT);
            TaskTiming t = f.timing();
            assertEquals(f.worker(), t.worker());
            assertTrue(t.worker().startsWith("pid "), t.worker());
            assertTrue(t.remoteRunNanos() >= TimeUnit.MILLISECONDS.toNanos(30), "measured in the worker: " + t.remoteRunNanos());
            long run = t.endedNanos() - t.startedNanos();
            assertEquals(Math.max(0, run - t.remoteRunNanos()), t.transit().toNanos());
            TaskFuture<Object> failing = pool.submit(() -> {
                throw new IllegalStateException("no");
            });
            failing.exception(WAIT);
            assertTrue(failing.timing().remoteRunNanos() >= 0, "a failed task reports its run time too");
        }
    }

    @Test
    void aClusterTaskKnowsHowLongItRanOnItsMember() throws Exception {
        ClusterPool pool = ClusterPool.builder().members(1).name("timing-cluster").build();
        try {
            TaskFuture<Integer> f = pool.submit(() -> {
                Thread.sleep(20);
                return 7;
            });
            assertEquals(7, f.result(WAIT));
            TaskTiming t = f.timing();
            assertTrue(t.worker().contains(":"), "host:port of the member: " + t.worker());
            assertTrue(t.remoteRunNanos() >= TimeUnit.MILLISECONDS.toNanos(20), "measured on the member: " + t.remoteRunNanos());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
