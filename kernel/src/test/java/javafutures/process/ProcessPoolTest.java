package javafutures.process;

import javafutures.pools.Pools;
import javafutures.futures.TaskFailedException;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public ProcessPool over real worker JVMs: futures, the serializable rule at submit, map, cancel, shutdown. */
class ProcessPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(PoolTestSupport.TIMEOUT_S);
    private static ProcessPool pool;

    @BeforeAll
    static void start() {
        pool = new ProcessPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @Test
    void submitReturnsTaskFuturesRunInWorkerJvms() {
        TaskFuture<Long> f = pool.submit(() -> ProcessHandle.current().pid());
        long pid = f.result(WAIT);
        assertNotEquals(ProcessHandle.current().pid(), pid);
        assertEquals("pid " + pid, f.worker());
        assertEquals(TaskState.FINISHED, f.state());
        assertEquals("processes", pool.kind());
        assertTrue(pool.workerNames().contains("pid " + pid), pool.workerNames().toString());
    }

    @Test
    void voidLambdasMayThrowCheckedExceptionsWhichComeBackUnwrapped() {
        TaskFuture<Void> f = pool.submit(() -> {
            throw new java.io.IOException("checked");
        });
        Throwable e = f.exception(WAIT);
        assertInstanceOf(java.io.IOException.class, e);
        assertEquals("checked", e.getMessage());
        assertThrows(TaskFailedException.class, f::result);
    }

    @Test
    void unserializableTasksFailAtSubmit() {
        Callable<Integer> anonymous = new Callable<>() {
            @Override
            public Integer call() {
                return 1;
            }
        };
        TaskNotSerializableException e = assertThrows(TaskNotSerializableException.class, () -> pool.submit(anonymous));
        assertTrue(e.getMessage().contains("Fix"), e.getMessage());
        Thread notSerializable = new Thread();
        e = assertThrows(TaskNotSerializableException.class, () -> pool.submit(() -> notSerializable.getName()));
        assertEquals("java.lang.Thread", e.valueType());
    }

    @Test
    void mapIsOrderedAndDeliversItemsBeforeAFailingOne() {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) items.add(i);
        assertEquals(items.stream().map(x -> x * 3).collect(Collectors.toList()),
                pool.map((Integer x) -> x * 3, items, 7).collect(Collectors.toList()));
        assertEquals(List.of(1, 2, 3), pool.map((Integer x) -> x + 1, List.of(0, 1, 2)).collect(Collectors.toList()));

        Stream<Integer> s = pool.map((Integer x) -> {
            if (x == 12) throw new IllegalStateException("item 12");
            return x;
        }, items, 5);
        Iterator<Integer> it = s.iterator();
        for (int i = 0; i < 12; i++) assertEquals(i, it.next());
        TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertFalse(it.hasNext());
    }

    @Test
    void cancelBeforeStartAndCancelTrueWhileRunning() throws Exception {
        try (ProcessPool one = new ProcessPool(1)) {
            TaskFuture<Integer> blocker = one.submit(() -> {
                Thread.sleep(60_000);
                return 0;
            });
            TaskFuture<Integer> queued = one.submit(() -> 1);
            assertTrue(queued.cancel());
            assertEquals(TaskState.CANCELLED, queued.state());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(PoolTestSupport.TIMEOUT_S);
            while (!blocker.running() && System.nanoTime() < end) Thread.sleep(10);
            long pid = Long.parseLong(blocker.worker().substring(4));
            assertTrue(blocker.cancel(true));
            assertThrows(CancellationException.class, blocker::result);
            PoolTestSupport.waitUntilDead(List.of(pid));
            assertEquals(5, one.submit(() -> 5).result(WAIT));
        }
    }

    @Test
    void callbacksRunOffTheReaderThreadsAndCloseWaits() throws Exception {
        ProcessPool p = new ProcessPool(1);
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        TaskFuture<Integer> f = p.submit(() -> {
            Thread.sleep(300);
            return 4;
        });
        f.addDoneCallback(done -> {
            thread.set(Thread.currentThread().getName());
            ran.countDown();
        });
        p.close();
        assertTrue(f.done(), "close() returns once every task is done");
        assertTrue(ran.await(PoolTestSupport.TIMEOUT_S, TimeUnit.SECONDS));
        assertFalse(thread.get().startsWith("java-futures-worker-"), thread.get());
        assertTrue(p.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> p.submit(() -> 1));
    }

    @Test
    void resizeAndTheDefaultPool() throws Exception {
        try (ProcessPool p = new ProcessPool(1)) {
            p.resize(2);
            assertEquals(2, p.workers());
            List<TaskFuture<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) fs.add(p.submit(() -> {
                Thread.sleep(200);
                return ProcessHandle.current().pid();
            }));
            for (TaskFuture<Long> f : fs) f.result(WAIT);
            p.resize(1);
            assertEquals(1, p.workers());
            assertEquals(3, p.submit(() -> 3).result(WAIT));
        }
        assertEquals(Pools.processes(), Pools.byName(Pools.PROCESSES));
        assertEquals(9, Pools.processes().submit(() -> 9).result(WAIT));
        Pools.processes().shutdownNow();
    }
}
