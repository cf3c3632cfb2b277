package javafutures.process;

import javafutures.eval.CellSession;
import javafutures.pools.MapVersionChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A {@code map} carries the top-level values its function reads once per worker and map, not once per chunk,
 * through a real JShell (as the kernel runs it) and real worker JVMs: counted in the frames the scheduler
 * sends, and checked in the answers when a variable is re-assigned between maps and when a task of another
 * cell stores other values into the same field between two chunks.
 */
class SharedMapFunctionTest {
    private static CellSession session;

    @BeforeAll
    static void start() {
        session = CellSession.open("var procs = new ProcessPool(2);", "procs.shutdownNow();");
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static Object eval(String code) {
        return session.eval(code);
    }

    private static WorkerPool workers() {
        return ((ProcessPool) eval("procs")).workerPool();
    }

    /** {frames, bytes} of {@code type} sent since {@code before}. */
    private static long[] since(long[] before, byte type) {
        long[] now = workers().sent(type);
        return new long[]{now[0] - before[0], now[1] - before[1]};
    }

    @Test
    void aLargeTopLevelArrayTravelsOncePerWorkerNotOncePerChunk() {
        eval("long[] big = new long[125_000];"); // 1 MB
        eval("java.util.Arrays.fill(big, 3L);");
        WorkerPool pool = workers();
        long[] shared0 = pool.sent(Frames.SHARED);
        long[] tasks0 = pool.sent(Frames.TASK);
        Object sum = eval("procs.map(i -> big[i] * i, java.util.stream.IntStream.range(0, 40).boxed().toList(), 1)"
                + ".mapToLong(x -> x).sum()");
        assertEquals(3L * (39 * 40 / 2), sum);
        long[] shared = since(shared0, Frames.SHARED);
        long[] tasks = since(tasks0, Frames.TASK);
        assertTrue(tasks[0] >= 40, "a TASK frame per chunk (one taken back from a busy worker goes twice): " + tasks[0]);
        assertTrue(shared[0] >= 1 && shared[0] <= 2, "the map's function went once per worker, not per chunk: "
                + shared[0] + " SHARED frames");
        assertTrue(shared[1] >= 1_000_000 && shared[1] <= 2 * 1_010_000, "its 1 MB value went at most twice: "
                + shared[1] + " bytes");
        assertTrue(tasks[1] < tasks[0] * 2_000, "the chunks carry only their items: " + tasks[1] + " bytes in "
                + tasks[0] + " TASK frames");
    }

    @Test
    void aVariableReAssignedBetweenTwoMapsIsANewVersion() {
        MapVersionChecks.aVariableReAssignedOrReDeclaredBetweenTwoMapsIsANewVersion(session, "procs");
    }

    @Test
    void aTaskOfAnotherCellBetweenTwoChunksCannotLeaveItsValueForTheNextChunk() {
        MapVersionChecks.aTaskOfAnotherCellBetweenTwoChunksCannotLeaveItsValueForTheNextChunk(session, "procs");
    }

    @Test
    void workersDropTheFunctionWhenTheMapEndsOrIsClosed() throws Exception {
        eval("double[] table = new double[1000];");
        WorkerPool pool = workers();
        long[] unshared0 = pool.sent(Frames.UNSHARE);
        long[] shared0 = pool.sent(Frames.SHARED);
        eval("procs.map(i -> table[i] + 1, java.util.stream.IntStream.range(0, 20).boxed().toList(), 1).toList();");
        long[] shared = since(shared0, Frames.SHARED);
        assertEquals(shared[0], since(unshared0, Frames.UNSHARE)[0], "every worker that got it was told to drop it");
        // A map closed before its end.
        shared0 = pool.sent(Frames.SHARED);
        unshared0 = pool.sent(Frames.UNSHARE);
        eval("try (var s = procs.map(i -> table[i] + 2, java.util.stream.IntStream.range(0, 500).boxed().toList(), 1)) { s.limit(3).toList(); }");
        assertEquals(since(shared0, Frames.SHARED)[0], since(unshared0, Frames.UNSHARE)[0]);
    }

    @Test
    void aReplacementWorkerGetsTheFunctionAgain() throws Exception {
        eval("int bias = 1000;");
        WorkerPool pool = workers();
        long[] shared0 = pool.sent(Frames.SHARED);
        eval("var it2 = procs.map(i -> i + bias, java.util.stream.IntStream.range(0, 40).boxed().toList(), 1).iterator();");
        assertEquals(1000, eval("it2.next()"));
        long end = System.nanoTime() + PoolTestSupport.TIMEOUT_S * 1_000_000_000L;
        while (pool.snapshot().running() + pool.snapshot().queued() > 0) {
            assertTrue(System.nanoTime() < end, "the chunks in flight never finished");
            Thread.sleep(10);
        }
        List<Long> before = pool.snapshot().pids();
        assertEquals(2, since(shared0, Frames.SHARED)[0], "both workers got the function for the first chunks");
        for (long pid : before) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        while (pool.snapshot().pids().size() < 2 || pool.snapshot().pids().stream().anyMatch(before::contains)) {
            assertTrue(System.nanoTime() < end, "the killed workers were not replaced");
            Thread.sleep(10);
        }
        for (int i = 1; i < 40; i++) assertEquals(1000 + i, eval("it2.next()"));
        long sent = since(shared0, Frames.SHARED)[0];
        assertTrue(sent >= 3 && sent <= 4, "each replacement worker that ran a chunk got the function once: " + sent);
    }
}
