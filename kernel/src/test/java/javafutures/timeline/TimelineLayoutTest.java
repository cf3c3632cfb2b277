package javafutures.timeline;

import javafutures.futures.TaskState;
import javafutures.futures.TaskTiming;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Lanes, rows and merged marks from synthetic timings (no clocks, no threads). */
class TimelineLayoutTest {
    static final long MS = 1_000_000L;

    static TimelineLayout.Entry done(String name, String worker, long submitted, long started, long ended) {
        return entry(name, "p", new TaskTiming(TaskState.FINISHED, worker, submitted, started, ended, -1));
    }

    static TimelineLayout.Entry entry(String name, String pool, TaskTiming t) {
        return new TimelineLayout.Entry(null, name, pool, t);
    }

    static List<TimelineLayout.Mark> allMarks(TimelineLayout l) {
        List<TimelineLayout.Mark> out = new ArrayList<>();
        for (TimelineLayout.Lane lane : l.lanes) for (List<TimelineLayout.Mark> row : lane.rows()) out.addAll(row);
        return out;
    }

    @Test
    void oneLanePerWorkerInTheOrderTheyStartedAndOneForTasksThatNeverStarted() {
        List<TimelineLayout.Entry> es = List.of(
                done("a", "w-2", 0, 5 * MS, 100 * MS),
                done("b", "w-1", 0, 1 * MS, 100 * MS),
                done("c", "w-2", 0, 100 * MS, 200 * MS),
                entry("d", "p", new TaskTiming(TaskState.PENDING, null, 10 * MS, 0, 0, -1)),
                entry("e", "p", new TaskTiming(TaskState.CANCELLED, null, 10 * MS, 0, 50 * MS, -1)));
        TimelineLayout l = TimelineLayout.build(es, 250 * MS);
        assertEquals(List.of("w-1", "w-2", TimelineLayout.NOT_STARTED), l.lanes.stream().map(TimelineLayout.Lane::label).toList());
        assertEquals(2, l.workers);
        assertTrue(l.lanes.get(2).notStarted());
        assertEquals(5, l.tasks);
        assertEquals(3, l.count(TaskState.FINISHED));
        assertEquals(250 * MS, l.span, "a pending task stretches the axis to now");
        assertTrue(l.live());
    }

    @Test
    void aWorkersTasksStackLikeStairsSoTheirQueuedTimeShows() {
        // Two tasks submitted together on one worker: the second waits for the first.
        List<TimelineLayout.Entry> es = List.of(done("first", "w", 0, 0, 1000 * MS), done("second", "w", 0, 1000 * MS, 2000 * MS));
        TimelineLayout l = TimelineLayout.build(es, 2000 * MS);
        TimelineLayout.Lane lane = l.lanes.get(0);
        assertTrue(lane.queuedShown());
        assertEquals(2, lane.rows().size());
        TimelineLayout.Mark second = lane.rows().get(1).get(0);
        assertEquals("second", second.first.name());
        assertEquals(0, second.x0, 0.01, "its queued segment starts at its submit");
        assertEquals(l.plotW / 2.0, second.xStart, 0.5, "its bar starts halfway");
        assertEquals(l.plotW, second.x1, 0.5);
    }

    @Test
    void tasksSubmittedOneAfterTheOtherShareARow() {
        List<TimelineLayout.Entry> es = new ArrayList<>();
        for (int i = 0; i < 30; i++) es.add(done("t" + i, "w", i * 10 * MS, i * 10 * MS + MS, (i + 1) * 10 * MS));
        TimelineLayout l = TimelineLayout.build(es, 300 * MS);
        assertEquals(1, l.lanes.get(0).rows().size());
        assertEquals(30, allMarks(l).size(), "bars of 9 ms on a 300 ms axis are wide enough to stay apart");
    }

    @Test
    void aLaneWithMoreQueuedTasksThanRowsPacksItsBarsInOneRowWithoutQueuedSegments() {
        List<TimelineLayout.Entry> es = new ArrayList<>();
        for (int i = 0; i < 50; i++) es.add(done("t" + i, "w", 0, i * 10 * MS, (i + 1) * 10 * MS));
        TimelineLayout l = TimelineLayout.build(es, 500 * MS);
        TimelineLayout.Lane lane = l.lanes.get(0);
        assertFalse(lane.queuedShown());
        assertEquals(1, lane.rows().size(), "a worker runs one task at a time: one row");
        for (TimelineLayout.Mark m : allMarks(l)) assertEquals(m.x0, m.xStart, 1e-9, "no queued segment");
    }

    @Test
    void tenThousandTinyTasksMergeIntoABoundedNumberOfMarksThatCountEveryTask() {
        List<TimelineLayout.Entry> es = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 10_000; i++) {
            String worker = "w-" + (i % 4);
            TaskState s = i == 5000 ? TaskState.FAILED : TaskState.FINISHED;
            es.add(entry("t" + i, "p", new TaskTiming(s, worker, 0, t, t + 90_000, -1)));
            if (i % 4 == 3) t += 100_000;
        }
        TimelineLayout l = TimelineLayout.build(es, t);
        List<TimelineLayout.Mark> marks = allMarks(l);
        assertTrue(marks.size() <= TimelineLayout.MAX_MARKS, marks.size() + " marks");
        assertTrue(marks.size() < 200, "back-to-back sub-pixel bars merge: " + marks.size());
        assertEquals(10_000, marks.stream().mapToInt(m -> m.count).sum(), "every task is in exactly one mark");
        assertEquals(4, l.lanes.size());
        TimelineLayout.Mark failed = marks.stream().filter(m -> m.byState[TaskState.FAILED.ordinal()] > 0).findFirst().orElseThrow();
        assertEquals(TaskState.FAILED, failed.state, "a failure never hides in a group");
        assertEquals(l.marks, marks.size());
    }

    @Test
    void overlappingBarsOfAPackedRowMergeSoManyConcurrentTasksStayBounded() {
        // 20,000 tasks of 1 s on one member lane, overlapping (a member runs many at once).
        List<TimelineLayout.Entry> es = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            es.add(entry("t" + i, "p", new TaskTiming(TaskState.FINISHED, "m:5701", 0, i * 100_000L, i * 100_000L + 1000 * MS, -1)));
        }
        TimelineLayout l = TimelineLayout.build(es, 3000 * MS);
        assertTrue(l.marks <= TimelineLayout.MAX_MARKS, l.marks + " marks");
        assertTrue(l.lanes.get(0).rows().size() <= l.rowCap);
        assertEquals(20_000, allMarks(l).stream().mapToInt(m -> m.count).sum());
    }

    @Test
    void manyWorkersFoldIntoOneLaneAfterTheFirstOnes() {
        List<TimelineLayout.Entry> es = new ArrayList<>();
        for (int i = 0; i < 40; i++) es.add(done("t" + i, "vt-" + i, 0, i * MS, i * MS + 5 * MS));
        TimelineLayout l = TimelineLayout.build(es, 50 * MS);
        assertEquals(TimelineLayout.MAX_LANES, l.lanes.size());
        assertEquals("… 17 more workers", l.lanes.get(TimelineLayout.MAX_LANES - 1).label());
        assertEquals(40, l.workers);
        assertEquals(40, allMarks(l).stream().mapToInt(m -> m.count).sum());
        int rows = l.lanes.stream().mapToInt(x -> x.rows().size()).sum();
        assertTrue(rows <= TimelineLayout.MAX_ROWS + TimelineLayout.MAX_LANES, rows + " rows");
    }

    @Test
    void transitIsTheRunNotSpentInTheWorkerAndShowsAsItsOwnSegment() {
        TaskTiming t = new TaskTiming(TaskState.FINISHED, "pid 7", 0, 100 * MS, 300 * MS, 150 * MS);
        assertEquals(50 * MS, t.transit().toNanos());
        TimelineLayout l = TimelineLayout.build(List.of(entry("remote", "procs", t)), 300 * MS);
        TimelineLayout.Mark m = allMarks(l).get(0);
        assertEquals(l.plotW / 3.0, m.xStart, 0.5);
        assertEquals(l.plotW / 2.0, m.xRun, 0.5, "transit: 50 ms of the 200 ms run");
        TaskTiming local = new TaskTiming(TaskState.FINISHED, "t-1", 0, 100 * MS, 300 * MS, -1);
        assertEquals(0, local.transit().toNanos(), "thread tasks have none");
    }

    @Test
    void aLaneNamesItsPoolOnlyWhenTwoPoolsHaveAWorkerOfTheSameName() {
        List<TimelineLayout.Entry> es = List.of(
                entry("a", "threads-1", new TaskTiming(TaskState.FINISHED, "threads-1-worker-1", 0, 0, MS, -1)),
                entry("b", "processes-2", new TaskTiming(TaskState.FINISHED, "pid 42", 0, 0, MS, 0)),
                entry("c", "mine", new TaskTiming(TaskState.FINISHED, "thread-1", 0, 0, MS, -1)),
                entry("d", "yours", new TaskTiming(TaskState.FINISHED, "thread-1", 0, 0, MS, -1)));
        TimelineLayout l = TimelineLayout.build(es, MS);
        assertEquals(List.of("threads-1-worker-1", "pid 42", "thread-1 (mine)", "thread-1 (yours)"),
                l.lanes.stream().map(TimelineLayout.Lane::label).toList());
    }

    @Test
    void nothingToLayOutIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> TimelineLayout.build(List.of(), 0));
    }
}
