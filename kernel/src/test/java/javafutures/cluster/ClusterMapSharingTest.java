package javafutures.cluster;

import javafutures.eval.CellSession;
import javafutures.pools.MapVersionChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A cluster pool's {@code map} sends its function and the top-level values it reads once per member and map,
 * not once per chunk, through a real JShell (as the kernel runs it) and real member JVMs: counted in what the
 * dispatcher sends, and checked in the answers when a variable is re-assigned or re-declared between maps,
 * when a task of another cell stores other values between two chunks, when a member joins mid-map, and when a
 * member's bounded cache drops a part (it asks again and gets it again).
 */
class ClusterMapSharingTest {
    private static CellSession session;

    @BeforeAll
    static void start() {
        session = CellSession.open("var cp = ClusterPool.local(2);", "cp.shutdownNow();");
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static Object eval(String code) {
        return session.eval(code);
    }

    private static long[] traffic(String pool) {
        return ((ClusterPool) eval(pool)).dispatcher().partTraffic();
    }

    private static long[] since(String pool, long[] before) {
        long[] now = traffic(pool);
        long[] d = new long[now.length];
        for (int i = 0; i < d.length; i++) d[i] = now[i] - before[i];
        return d;
    }

    @Test
    void aLargeTopLevelArrayTravelsAtMostOncePerMemberAndIsDroppedAtTheEnd() {
        eval("long[] big = new long[125_000];"); // 1 MB
        eval("java.util.Arrays.fill(big, 3L);");
        long[] before = traffic("cp");
        Object sum = eval("cp.map(i -> big[i] * i, java.util.stream.IntStream.range(0, 40).boxed().toList(), 1)"
                + ".mapToLong(x -> x).sum()");
        assertEquals(3L * (39 * 40 / 2), sum);
        long[] d = since("cp", before);
        assertTrue(d[0] >= 1 && d[0] <= 2, "the map's part went once per member, not per chunk: " + d[0] + " times");
        assertTrue(d[1] >= 1_000_000 && d[1] <= 2 * 1_010_000, "its 1 MB value went at most twice: " + d[1] + " bytes");
        assertEquals(0, d[2], "no member asked for it again");
        assertTrue(d[4] < 40 * 2_000, "the 40 chunks carry only their items: " + d[4] + " bytes");
        assertEquals(d[0], d[3], "every member that got the part was told to drop it when the map ended");
    }

    @Test
    void aVariableReAssignedOrReDeclaredBetweenTwoMapsIsANewVersion() {
        MapVersionChecks.aVariableReAssignedOrReDeclaredBetweenTwoMapsIsANewVersion(session, "cp");
    }

    @Test
    void aTaskOfAnotherCellBetweenTwoChunksSeesItsOwnValueAndTheChunksKeepTheMaps() {
        MapVersionChecks.aTaskOfAnotherCellBetweenTwoChunksCannotLeaveItsValueForTheNextChunk(session, "cp");
    }

    @Test
    void aMemberThatDropsAPartAsksAgainAndTheMapIsStillRight() {
        // One member that keeps one part: two maps read in turns push each other's part out of its cache.
        eval("var one = ClusterPool.builder().members(1).jvmArgs(\"-Djavafutures.member.mapParts=1\").build();");
        try {
            eval("int shift = 1000;");
            eval("var a = one.map(i -> i + shift, java.util.stream.IntStream.range(0, 20).boxed().toList(), 1).iterator();");
            eval("var b = one.map(i -> i - shift, java.util.stream.IntStream.range(0, 20).boxed().toList(), 1).iterator();");
            long[] before = traffic("one");
            for (int i = 0; i < 20; i++) {
                assertEquals(i + 1000, eval("a.next()"));
                assertEquals(i - 1000, eval("b.next()"));
            }
            long[] d = since("one", before);
            assertTrue(d[2] >= 1, "the member asked for a part it had dropped: " + d[2]);
            assertTrue(d[0] >= d[2], "each time it got the part again: " + d[0] + " sent, " + d[2] + " asked");
        } finally {
            eval("one.shutdownNow();");
        }
    }

    @Test
    void aMemberThatJoinsMidMapGetsThePart() {
        eval("var grow = ClusterPool.local(1);");
        try {
            eval("String label = \"v\";");
            eval("var g = grow.map(i -> { Thread.sleep(50); return label + i; }, java.util.stream.IntStream.range(0, 60).boxed().toList(), 1).iterator();");
            assertEquals("v0", eval("g.next()"));
            long[] before = traffic("grow");
            eval("grow.resize(2);");
            StringBuilder pids = new StringBuilder();
            for (int i = 1; i < 60; i++) assertEquals("v" + i, eval("g.next()"));
            long[] d = since("grow", before);
            assertTrue(d[0] >= 1, "the new member got the map's part: " + d[0]);
            assertEquals(0, d[2]);
        } finally {
            eval("grow.shutdownNow();");
        }
    }
}
