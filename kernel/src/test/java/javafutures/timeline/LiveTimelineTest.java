package javafutures.timeline;

import javafutures.futures.Futures;
import javafutures.futures.RecordingPublisher;
import javafutures.futures.TaskFuture;
import javafutures.futures.TestFuture;
import javafutures.futures.ThreadPool;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import javafutures.table.FutureTables;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** LiveTimeline: one display, in-place updates at most ten a second, a final update, bad input. */
class LiveTimelineTest {

    private static void awaitFinal(LiveTimeline t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!t.isFinal()) {
            assertTrue(System.nanoTime() < deadline, "the timeline never became final");
            Thread.sleep(10);
        }
    }

    private static String svg(RecordingPublisher.Sent s) {
        return (String) s.data().getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("image/svg+xml"));
    }

    @Test
    void updatesInPlaceWhileTasksRunThenSendsTheFinalPictureOnce() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        CellTarget cell = pub.cell("cell-1");
        try (ThreadPool pool = new ThreadPool(2)) {
            List<TaskFuture<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                fs.add(pool.submit("nap " + i, () -> {
                    Thread.sleep(250);
                    return n;
                }));
            }
            LiveTimeline t = LiveTimeline.of(fs).show(cell);
            awaitFinal(t);
            List<RecordingPublisher.Sent> sent = pub.sent();
            assertTrue(sent.get(0).isDisplay());
            assertEquals(1, sent.stream().filter(RecordingPublisher.Sent::isDisplay).count(), "displayed once");
            assertTrue(t.displayId().startsWith("java-futures-timeline-"));
            List<RecordingPublisher.Sent> updates = sent.stream().filter(RecordingPublisher.Sent::isUpdate).toList();
            for (RecordingPublisher.Sent u : updates) assertEquals(t.displayId(), u.data().getDisplayId());
            assertTrue(updates.size() >= 2, "it updated while the tasks ran: " + updates.size());
            for (int i = 1; i < updates.size(); i++) {
                long gap = updates.get(i).nanos() - updates.get(i - 1).nanos();
                assertTrue(gap >= TimeUnit.MILLISECONDS.toNanos(95), "updates " + gap / 1e6 + " ms apart");
            }
            String last = svg(updates.get(updates.size() - 1));
            assertTrue(last.contains("6 tasks on 2 workers") && last.contains("6 finished"), last.substring(0, 400));
            assertTrue(svg(sent.get(0)).contains("running") || svg(sent.get(0)).contains("waiting"), "the first picture was live");
            int before = pub.sent().size();
            Thread.sleep(350);
            assertEquals(before, pub.sent().size(), "nothing after the final update");
            assertEquals(updates.size(), t.updates());
        }
    }

    @Test
    void withNothingChangingARunningTimelineRefreshesOnlyAsItsBarsGrow() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        TestFuture<Integer> f = new TestFuture<>("long");
        f.start("w");
        long t0 = System.nanoTime();
        LiveTimeline t = LiveTimeline.of(List.of(f)).show(pub.cell("c"));
        long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
        while (t.updates() < 3) {
            assertTrue(System.nanoTime() < deadline, "a running bar grows, so the picture refreshes");
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(t.updates() <= seconds * 10 + 1, t.updates() + " updates in " + seconds + " s");
        f.succeed(1);
        awaitFinal(t);
        assertTrue(svg(pub.sent().get(pub.sent().size() - 1)).contains("1 finished"));
    }

    @Test
    void aTimelineOfFinishedFuturesIsFinalAtOnce() {
        RecordingPublisher pub = new RecordingPublisher();
        TestFuture<Integer> f = new TestFuture<>("done already");
        f.start("w");
        f.succeed(3);
        LiveTimeline t = LiveTimeline.of(List.of(f, f)).show(pub.cell("c"));
        assertTrue(t.isFinal());
        assertEquals(1, pub.sent().size());
        assertEquals(1, t.futures().size(), "duplicates shown once");
        assertSame(t, t.show(pub.cell("other")), "showing twice does nothing");
        assertEquals(1, pub.sent().size());
    }

    @Test
    void theFinalUpdateOfATimelineThatFinishedGoesOutWhenTheCellEnds() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        TestFuture<Integer> f = new TestFuture<>("quick");
        LiveTimeline t = LiveTimeline.of(List.of(f)).show(pub.cell("c"));
        f.start("w");
        f.succeed(1);
        FutureTables.flushFinishedTables(); // what the kernel does before a cell's reply
        assertTrue(t.isFinal());
        assertTrue(svg(pub.sent().get(pub.sent().size() - 1)).contains("1 finished"));
    }

    @Test
    void aTimelineAsACellsValueIsShownOnceThroughTheTablesPath() {
        RecordingPublisher pub = new RecordingPublisher();
        CellTarget cell = pub.cell("c");
        TestFuture<Integer> f = new TestFuture<>();
        f.start("w");
        f.succeed(1);
        LiveTimeline t = LiveTimeline.of(List.of(f));
        assertTrue(FutureTables.displayIfFutures(t, cell), "an unshown timeline value is shown");
        assertTrue(t.isShown());
        assertTrue(FutureTables.displayIfFutures(t, cell), "a shown one is not shown again");
        assertEquals(1, pub.sent().size());
    }

    @Test
    void futuresTimelineShowsUnderTheCurrentCell() {
        RecordingPublisher pub = new RecordingPublisher();
        TestFuture<Integer> f = new TestFuture<>("here");
        f.start("w");
        f.succeed(1);
        OutputRouter.runWith(pub.cell("now"), () -> Futures.timeline(f));
        assertEquals("now", pub.sent().get(0).cell());
        assertTrue(svg(pub.sent().get(0)).contains("here · FINISHED"));
    }

    @Test
    void badInputIsAClearError() {
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Futures.timeline((List<TaskFuture<?>>) null));
        assertTrue(npe.getMessage().contains("futures is null"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> Futures.timeline((TaskFuture<?>[]) null));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Futures.timeline(List.of()));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, Futures::timeline);
        NullPointerException hole = assertThrows(NullPointerException.class,
                () -> Futures.timeline(Arrays.asList(new TestFuture<Integer>(), null)));
        assertTrue(hole.getMessage().contains("index 1"), hole.getMessage());
    }
}
