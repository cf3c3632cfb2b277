package javafutures.futures;

import javafutures.pools.Pools;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** ThreadPool.map: input order, laziness, errors when reached, chunks, cancelling the rest. */
class MapTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void resultsComeInInputOrderEvenWhenTasksFinishOutOfOrder() {
        try (ThreadPool pool = new ThreadPool(4)) {
            // Earlier items sleep longer, so they finish last.
            List<Integer> out = pool.map(x -> {
                Thread.sleep(5L * (20 - x));
                return x * x;
            }, range(20)).collect(Collectors.toList());
            assertEquals(range(20).stream().map(x -> x * x).collect(Collectors.toList()), out);
        }
    }

    @Test
    void chunksKeepOrderToo() {
        try (ThreadPool pool = new ThreadPool(3)) {
            for (int chunk : new int[]{1, 2, 3, 7, 100}) {
                List<Integer> out = pool.map((Integer x) -> x + 1, range(50), chunk).collect(Collectors.toList());
                assertEquals(range(50).stream().map(x -> x + 1).collect(Collectors.toList()), out, "chunk " + chunk);
            }
            Function<Integer, String> fn = String::valueOf;
            assertEquals(List.of("1", "2"), pool.map(fn, List.of(1, 2), 5).collect(Collectors.toList()));
            assertEquals(List.of(), pool.map(fn, List.<Integer>of()).collect(Collectors.toList()));
        }
    }

    @Test
    void allItemsAreSubmittedAtOnceAndTheStreamIsLazy() throws Exception {
        try (ThreadPool pool = new ThreadPool(2)) {
            CountDownLatch allStarted = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            Stream<Integer> s = pool.map(x -> {
                allStarted.countDown();
                release.await();
                return x;
            }, List.of(1, 2));
            assertTrue(allStarted.await(30, TimeUnit.SECONDS), "work starts before the stream is consumed");
            Iterator<Integer> it = s.iterator();
            AtomicInteger got = new AtomicInteger();
            Thread consumer = new Thread(() -> got.set(it.next()));
            consumer.start();
            TaskFutureTest.waitUntilParked(consumer);
            assertEquals(0, got.get(), "next() waits for the item");
            release.countDown();
            consumer.join(30_000);
            assertEquals(1, got.get());
        }
    }

    @Test
    void aFailingItemThrowsWhenReachedAfterTheItemsBeforeIt() {
        try (ThreadPool pool = new ThreadPool(2)) {
            for (int chunk : new int[]{1, 4}) {
                Iterator<Integer> it = pool.map((Integer x) -> {
                    if (x == 5) throw new IllegalArgumentException("bad item " + x);
                    return x * 10;
                }, range(10), chunk).iterator();
                for (int i = 0; i < 5; i++) assertEquals(i * 10, it.next(), "chunk " + chunk);
                TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
                assertInstanceOf(IllegalArgumentException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains("bad item 5"));
                assertFalse(it.hasNext(), "the stream ends at the failure, as Python's iterator does");
            }
        }
    }

    @Test
    void reachingAFailureCancelsItemsNotStarted() throws Exception {
        try (ThreadPool pool = new ThreadPool(1)) {
            CountDownLatch failed = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            Iterator<Integer> it = pool.map((Integer x) -> {
                ran.incrementAndGet();
                if (x == 0) {
                    failed.countDown();
                    throw new IllegalStateException("first");
                }
                Thread.sleep(20);
                return x;
            }, range(50)).iterator();
            assertThrows(TaskFailedException.class, it::next);
            pool.shutdown(true, false);
            assertTrue(ran.get() < 50, "later items were cancelled, ran " + ran.get());
        }
    }

    @Test
    void closingTheStreamCancelsWhatIsLeft() throws Exception {
        ThreadPool pool = new ThreadPool(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try (Stream<Integer> s = pool.map((Integer x) -> {
            ran.incrementAndGet();
            release.await();
            return x;
        }, range(20))) {
            s.iterator();
        }
        release.countDown();
        pool.shutdown(true, false);
        assertTrue(ran.get() <= 1, "only the item already running ran: " + ran.get());
    }

    @Test
    void mapFuturesAreNamedAndRegistered() {
        try (ThreadPool pool = new ThreadPool(1)) {
            pool.map((Integer x) -> x, List.of(7, 8), 1).collect(Collectors.toList());
            List<TaskFuture<?>> mine = new ArrayList<>();
            for (TaskFuture<?> f : Pools.futures()) if (f.pool().equals(pool.name())) mine.add(f);
            assertEquals(2, mine.size());
            assertTrue(mine.get(0).name().matches("map-\\d+\\[0]"), mine.get(0).name());
            assertEquals(7, mine.get(0).result());
            pool.map((Integer x) -> x, List.of(1, 2, 3), 2).collect(Collectors.toList());
            List<String> names = new ArrayList<>();
            for (TaskFuture<?> f : Pools.futures()) if (f.pool().equals(pool.name())) names.add(f.name());
            assertTrue(names.get(2).matches("map-\\d+\\[0\\.\\.1]"), names.toString());
            assertTrue(names.get(3).matches("map-\\d+\\[2]"), names.toString());
        }
    }

    @Test
    void argumentChecks() {
        try (ThreadPool pool = new ThreadPool(1)) {
            Function<Integer, Integer> id = x -> x;
            assertEquals("fn", assertThrows(NullPointerException.class, () -> pool.map((Function<Integer, Integer>) null, List.of(1))).getMessage());
            assertEquals("fn", assertThrows(NullPointerException.class, () -> pool.map((CheckedFunction<Integer, Integer>) null, List.of(1), 2)).getMessage());
            assertEquals("items", assertThrows(NullPointerException.class, () -> pool.map(id, null)).getMessage());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.map(id, List.of(1), 0));
            assertTrue(e.getMessage().contains("chunkSize"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pool.map(id, List.of(1), -2));
            Iterable<Integer> broken = () -> {
                throw new IllegalStateException("cannot iterate");
            };
            int before = Pools.futures().size();
            assertThrows(IllegalStateException.class, () -> pool.map(id, broken));
            assertTrue(Pools.futures().size() <= before, "nothing was submitted");
            List<Integer> withNull = new ArrayList<>(Collections.singletonList(null));
            assertEquals(Collections.singletonList("null"), pool.map(String::valueOf, withNull).collect(Collectors.toList()));
        }
    }

    @Test
    void checkedLambdasNeedNoTryCatch() {
        try (ThreadPool pool = new ThreadPool(2)) {
            List<Integer> out = pool.map(x -> slowDouble(x), List.of(1, 2, 3)).collect(Collectors.toList());
            assertEquals(List.of(2, 4, 6), out);
        }
    }

    private static int slowDouble(int x) throws InterruptedException {
        Thread.sleep(1);
        return 2 * x;
    }
}
