package javafutures.pools;

import javafutures.cluster.ClusterPool;
import javafutures.futures.AbstractPool;
import javafutures.futures.TaskFailedException;
import javafutures.futures.TaskFuture;
import javafutures.futures.ThreadPool;
import javafutures.process.ProcessPool;
import javafutures.process.SerializableCallable;
import javafutures.process.SerializableFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The promises every pool kind keeps (see {@code AbstractPool}), each tested once against every engine:
 * platform threads, virtual threads (JDK 21+), worker JVMs and a local Hazelcast cluster. Tasks synchronize
 * with the test through files (a gate to open, a marker per task that ran), which every engine can reach.
 *
 * <p>Starting a local cluster takes seconds (member JVMs), so the tests that neither shut their pool down nor
 * need exactly one worker share one two-member cluster pool ({@link #running}), started by the first of them
 * that runs (so each still runs alone) and shut down after the class. Each has its own gate and marker
 * files; what one leaves on the cluster (at most a failed map's last chunks) only keeps a member busy a moment.
 */
class PoolPromisesTest {
    private static final Duration LONG = Duration.ofSeconds(90);
    private static AbstractPool sharedCluster;
    private final List<AbstractPool> pools = new ArrayList<>();
    private Path dir;

    static Stream<Arguments> engines() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("threads", (IntFunction<AbstractPool>) ThreadPool::new));
        if (Runtime.version().feature() >= 21) out.add(Arguments.of("virtual threads", (IntFunction<AbstractPool>) n -> ThreadPool.virtual()));
        out.add(Arguments.of("processes", (IntFunction<AbstractPool>) ProcessPool::new));
        out.add(Arguments.of("cluster", (IntFunction<AbstractPool>) ClusterPool::local));
        return out.stream();
    }

    private AbstractPool pool(IntFunction<AbstractPool> make, int workers) throws IOException {
        if (dir == null) dir = Files.createTempDirectory("promises");
        AbstractPool p = make.apply(workers);
        pools.add(p);
        return p;
    }

    /**
     * A pool of two workers that the test leaves running: its own, but the class's shared one for the
     * cluster (see the class comment).
     */
    private AbstractPool running(String kind, IntFunction<AbstractPool> make) throws IOException {
        if (!kind.equals("cluster")) return pool(make, 2);
        if (dir == null) dir = Files.createTempDirectory("promises");
        if (sharedCluster == null) sharedCluster = make.apply(2);
        return sharedCluster;
    }

    @AfterEach
    void stop() {
        for (AbstractPool p : pools) p.shutdownNow();
    }

    @AfterAll
    static void stopSharedCluster() {
        if (sharedCluster != null) sharedCluster.shutdownNow();
        sharedCluster = null;
    }

    /** A task that waits until {@code gate} exists, then returns {@code value}. */
    private static SerializableCallable<Integer> gated(String gate, int value) {
        return () -> {
            while (!Files.exists(Path.of(gate))) Thread.sleep(5);
            return value;
        };
    }

    /** A task that leaves {@code marker} behind when it runs. */
    private static SerializableCallable<Integer> marking(String marker, int value) {
        return () -> {
            Files.writeString(Path.of(marker), "ran");
            return value;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aBlockingCallbackNeverStopsOtherCompletions(String kind, IntFunction<AbstractPool> make) throws Exception {
        AbstractPool pool = running(kind, make);
        String gate = dir.resolve("gate").toString();
        TaskFuture<Integer> a = pool.submit(gated(gate, 1));
        TaskFuture<Integer> b = pool.submit(gated(gate, 2));
        List<Object> seen = new CopyOnWriteArrayList<>();
        // The deadlock: a's callback waits for b, whose completion (it has a callback too) queues behind it.
        a.addDoneCallback(f -> seen.add("a saw b = " + b.result(LONG)));
        b.addDoneCallback(f -> seen.add("b done"));
        Files.writeString(Path.of(gate), "open");
        assertEquals(2, b.result(LONG));
        assertEquals(1, a.result(LONG));
        long end = System.nanoTime() + LONG.toNanos();
        while (seen.size() < 2 && System.nanoTime() < end) Thread.sleep(10);
        assertTrue(seen.contains("a saw b = 2") && seen.contains("b done"), kind + ": callbacks ran: " + seen);
        assertEquals(7, pool.submit((SerializableCallable<Integer>) () -> 7).result(LONG), "the pool still works");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void cancelIsTrueOnlyForATaskThatNeverRuns(String kind, IntFunction<AbstractPool> make) throws Exception {
        AbstractPool pool = pool(make, 1);
        String gate = dir.resolve("gate").toString();
        TaskFuture<Integer> blocker = pool.submit(gated(gate, 0));
        List<TaskFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) fs.add(pool.submit(marking(dir.resolve("ran-" + i).toString(), i)));
        boolean[] answer = new boolean[8];
        for (int i = 0; i < 8; i += 2) answer[i] = fs.get(i).cancel();
        Files.writeString(Path.of(gate), "open");
        blocker.result(LONG);
        pool.shutdown(true, false);
        for (int i = 0; i < 8; i++) {
            TaskFuture<Integer> f = fs.get(i);
            boolean ran = Files.exists(dir.resolve("ran-" + i));
            assertTrue(f.done(), kind + ": " + f);
            assertEquals(answer[i], f.cancelled(), kind + ": cancel() said what became of " + f.name());
            assertEquals(!f.cancelled(), ran, kind + ": " + f.name() + (ran ? " ran although cancelled" : " never ran but was not cancelled"));
            if (!f.cancelled()) assertEquals(i, f.result());
        }
        if (!kind.equals("virtual threads")) assertTrue(answer[6], kind + ": a task queued behind a blocked worker cancels");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void shutdownWaitCancelPendingCancelsExactlyTheTasksNotStarted(String kind, IntFunction<AbstractPool> make) throws Exception {
        AbstractPool pool = pool(make, 1);
        String gate = dir.resolve("gate").toString();
        TaskFuture<Integer> blocker = pool.submit(gated(gate, 0));
        List<TaskFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) fs.add(pool.submit(marking(dir.resolve("ran-" + i).toString(), i)));
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(300);
                Files.writeString(Path.of(gate), "open");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        opener.start();
        pool.shutdown(true, true);
        opener.join();
        assertEquals(0, blocker.result(Duration.ZERO), "the running task finished");
        assertTrue(pool.isTerminated(), kind);
        int cancelled = 0;
        for (int i = 0; i < 8; i++) {
            TaskFuture<Integer> f = fs.get(i);
            assertTrue(f.done(), kind + ": every future is done when shutdown(true, ...) returns: " + f);
            boolean ran = Files.exists(dir.resolve("ran-" + i));
            assertEquals(!f.cancelled(), ran, kind + ": " + f.name() + " cancelled=" + f.cancelled() + " ran=" + ran);
            if (f.cancelled()) cancelled++;
        }
        if (!kind.equals("virtual threads")) assertTrue(cancelled > 0, kind + ": tasks behind the blocked worker were cancelled");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aThrowingCallbackIsReportedAndBreaksNothing(String kind, IntFunction<AbstractPool> make) throws Exception {
        AbstractPool pool = running(kind, make);
        String gate = dir.resolve("gate").toString();
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        List<Integer> later = new CopyOnWriteArrayList<>();
        try {
            TaskFuture<Integer> a = pool.submit(gated(gate, 5));
            a.addDoneCallback(f -> {
                throw new IllegalStateException("boom in a callback of " + f.name());
            });
            a.addDoneCallback(f -> later.add(f.result()));
            Files.writeString(Path.of(gate), "open");
            assertEquals(5, a.result(LONG));
            long end = System.nanoTime() + LONG.toNanos();
            while ((later.isEmpty() || !err.toString(StandardCharsets.UTF_8).contains("boom")) && System.nanoTime() < end) Thread.sleep(10);
            assertEquals(6, pool.submit((SerializableCallable<Integer>) () -> 6).result(LONG), kind + ": the pool still works");
        } finally {
            System.setErr(original);
        }
        assertEquals(List.of(5), later, kind + ": the next callback still ran");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("boom in a callback of"), kind + ": reported: " + err);
    }

    /** An endless source that counts what was taken from it. */
    private static final class Counting implements Iterable<Integer> {
        final AtomicInteger taken = new AtomicInteger();

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Integer next() {
                    return taken.getAndIncrement();
                }
            };
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void mapIsLazyOrderedAndBoundedInMemory(String kind, IntFunction<AbstractPool> make) throws Exception {
        AbstractPool pool = running(kind, make);
        Counting endless = new Counting();
        SerializableFunction<Integer, Integer> twice = x -> x * 2;
        List<Integer> first;
        try (Stream<Integer> s = pool.map(twice, endless, 3)) {
            first = s.limit(10).collect(Collectors.toList());
        }
        assertEquals(List.of(0, 2, 4, 6, 8, 10, 12, 14, 16, 18), first, kind);
        assertTrue(endless.taken.get() < 3 * 200, kind + ": an endless input is read only as far as needed, read "
                + endless.taken.get());
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) items.add(i);
        assertEquals(items.stream().map(x -> x * 2).toList(), pool.map(twice, items, 4).toList(), kind + ": in input order");
        SerializableFunction<Integer, Integer> failsAt7 = x -> {
            if (x == 7) throw new IllegalArgumentException("item 7");
            return x;
        };
        Iterator<Integer> it = pool.map(failsAt7, items, 3).iterator();
        for (int i = 0; i < 7; i++) assertEquals(i, it.next(), kind + ": items before the failing one arrive");
        TaskFailedException e = assertThrows(TaskFailedException.class, it::next);
        assertInstanceOf(IllegalArgumentException.class, e.getCause(), kind);
        assertFalse(it.hasNext(), kind + ": the stream ends at the failure");
    }
}
