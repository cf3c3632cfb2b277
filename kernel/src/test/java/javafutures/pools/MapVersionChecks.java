package javafutures.pools;

import javafutures.eval.CellSession;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a {@code map} of a pool that runs tasks elsewhere (process workers, cluster members) must answer when
 * the top-level values its function reads change: the same checks for every such engine, run through a
 * test's {@link CellSession} on the pool that its variable {@code pool} names (two workers or members or more).
 */
public final class MapVersionChecks {
    private MapVersionChecks() {
    }

    /**
     * A variable re-assigned, then re-declared, between two maps: each map computes with the version it
     * started with.
     */
    public static void aVariableReAssignedOrReDeclaredBetweenTwoMapsIsANewVersion(CellSession s, String pool) {
        s.eval("int[] weights = {1, 2, 3};");
        String map = pool + ".map(i -> weights[i % 3] * 10, java.util.stream.IntStream.range(0, 12).boxed().toList(), 1).toList()";
        assertEquals(List.of(10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30), s.eval(map));
        s.eval("weights = new int[]{5, 6, 7};"); // the same field, a new value
        assertEquals(List.of(50, 60, 70, 50, 60, 70, 50, 60, 70, 50, 60, 70), s.eval(map));
        s.eval("int[] weights = {8, 9, 4};"); // re-declared: a new wrapper class, and a new lambda reading it
        assertEquals(List.of(80, 90, 40, 80, 90, 40, 80, 90, 40, 80, 90, 40), s.eval(map));
    }

    /**
     * A task of a later cell stores another value into the same static field between two chunks of a map: the
     * task sees its own value, and the map's later chunks still see the map's.
     */
    public static void aTaskOfAnotherCellBetweenTwoChunksCannotLeaveItsValueForTheNextChunk(CellSession s, String pool) {
        s.eval("int offset = 100;");
        // One item per chunk, read one at a time: the stream holds a window of chunks, so take them lazily.
        s.eval("var it = " + pool + ".map(i -> i + offset, java.util.stream.IntStream.range(0, 30).boxed().toList(), 1).iterator();");
        assertEquals(100, s.eval("it.next()"));
        s.eval("offset = 7;"); // a later cell: its tasks carry 7 into the same static field where the chunks run
        for (int k = 0; k < 4; k++) assertEquals(7 + k, s.eval(pool + ".submit(() -> offset + " + k + ").result()"));
        for (int i = 1; i < 30; i++) assertEquals(100 + i, s.eval("it.next()"), "chunk " + i + " still sees the map's version");
        assertEquals(false, s.eval("it.hasNext()"));
    }
}
