package javafutures.table;

import javafutures.futures.Futures;
import javafutures.futures.RecordingPublisher;
import javafutures.futures.TaskFuture;
import javafutures.futures.TestFuture;
import javafutures.futures.ThreadPool;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** LiveTable: one display, throttled in-place updates, a final update, and FutureTables for cell values. */
class LiveTableTest {

    private static void awaitFinal(LiveTable t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!t.isFinal()) {
            assertTrue(System.nanoTime() < deadline, "the table never became final");
            Thread.sleep(10);
        }
    }

    @Test
    void twoThousandFuturesUpdateAtMostTenTimesASecondPlusAFinalUpdate() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        CellTarget cell = pub.cell("cell-1");
        try (ThreadPool pool = new ThreadPool(4)) {
            List<TaskFuture<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int n = i;
                // 2000 x 4 ms on 4 workers: about 2 s of completions.
                fs.add(pool.submit(() -> {
                    Thread.sleep(4);
                    return n;
                }));
            }
            long start = System.nanoTime();
            LiveTable table = LiveTable.of(fs).show(cell);
            awaitFinal(table);
            double seconds = (System.nanoTime() - start) / 1e9;

            List<RecordingPublisher.Sent> sent = pub.sent();
            assertTrue(sent.get(0).isDisplay(), "shown once first");
            assertEquals(1, sent.stream().filter(RecordingPublisher.Sent::isDisplay).count());
            String id = table.displayId();
            assertNotNull(id);
            assertEquals(id, sent.get(0).data().getDisplayId());
            List<RecordingPublisher.Sent> updates = sent.stream().filter(RecordingPublisher.Sent::isUpdate).toList();
            for (RecordingPublisher.Sent u : updates) assertEquals(id, u.data().getDisplayId());
            assertTrue(updates.size() >= 2, "it did update live: " + updates.size());
            assertTrue(updates.size() <= Math.ceil(seconds * 10) + 1,
                    updates.size() + " updates in " + seconds + " s");
            for (int i = 1; i < updates.size(); i++) {
                long gap = updates.get(i).nanos() - updates.get(i - 1).nanos();
                assertTrue(gap >= TimeUnit.MILLISECONDS.toNanos(95), "updates " + (i - 1) + " and " + i + " were " + gap / 1e6 + " ms apart");
            }
            RecordingPublisher.Sent last = updates.get(updates.size() - 1);
            assertTrue(last.html().contains("2000 of 2000 done"), last.plain().lines().findFirst().orElse(""));
            assertTrue(last.plain().startsWith("2000 of 2000 done"));
            int before = pub.sent().size();
            Thread.sleep(300);
            assertEquals(before, pub.sent().size(), "nothing after the final update");
            assertEquals(updates.size(), table.updates());
        }
    }

    @Test
    void updatesAreCoalescedWhenNothingChanges() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        TestFuture<Integer> pending = new TestFuture<>();
        LiveTable table = LiveTable.of(List.of(pending)).show(pub.cell("c"));
        Thread.sleep(400);
        assertEquals(0, table.updates(), "a pending future that does not change sends nothing");
        pending.succeed(1);
        awaitFinal(table);
        assertEquals(1, table.updates());
        assertTrue(pub.sent().get(1).plain().startsWith("1 of 1 done"));
    }

    @Test
    void runningFuturesRefreshTheirElapsedTimeAboutOnceASecond() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        TestFuture<Integer> f = new TestFuture<>();
        f.start("w");
        LiveTable table = LiveTable.of(List.of(f)).show(pub.cell("c"));
        Thread.sleep(2_600);
        int n = table.updates();
        assertTrue(n >= 1 && n <= 3, "elapsed refreshes: " + n);
        f.succeed(1);
        awaitFinal(table);
    }

    @Test
    void aTableOfDoneFuturesIsFinalAtOnce() {
        RecordingPublisher pub = new RecordingPublisher();
        TestFuture<Integer> f = new TestFuture<>();
        f.succeed(1);
        LiveTable table = LiveTable.of(List.of(f)).show(pub.cell("c"));
        assertTrue(table.isFinal());
        assertEquals(1, pub.sent().size());
        assertSame(table, table.show(pub.cell("other")), "shown once only");
        assertEquals(1, pub.sent().size());
    }

    @Test
    void showWithoutACellDoesNothing() {
        OutputRouter.setCurrent(null);
        LiveTable t = (LiveTable) Futures.table(new TestFuture<Integer>()); // the table view, through its service
        assertFalse(t.isShown());
        assertTrue(t.toMimeBundle().get("text/plain").startsWith("0 of 1 done"));
    }

    @Test
    void futuresTableShowsUnderTheCurrentCell() {
        RecordingPublisher pub = new RecordingPublisher();
        OutputRouter.setCurrent(pub.cell("cell-5"));
        try {
            TestFuture<Integer> f = new TestFuture<>();
            f.succeed(1);
            LiveTable t = (LiveTable) Futures.table(f);
            assertTrue(t.isShown());
            assertEquals("cell-5", pub.sent().get(0).cell());
            assertTrue(FutureTables.displayIfFutures(t), "a shown table as a cell's value is not shown again");
            assertEquals(1, pub.sent().size());
        } finally {
            OutputRouter.setCurrent(null);
        }
    }

    @Test
    void cellValuesOfFuturesBecomeTables() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        CellTarget cell = pub.cell("c");
        TestFuture<Integer> a = new TestFuture<>("a");
        TestFuture<Integer> b = new TestFuture<>("b");
        a.succeed(1);
        b.succeed(2);
        assertTrue(FutureTables.displayIfFutures(a, cell));
        assertTrue(FutureTables.displayIfFutures(List.of(a, b), cell));
        assertTrue(FutureTables.displayIfFutures(new TaskFuture<?>[]{a, b}, cell));
        Map<String, TaskFuture<Integer>> byKey = new LinkedHashMap<>();
        byKey.put("first", a);
        byKey.put("second", b);
        assertTrue(FutureTables.displayIfFutures(byKey, cell));
        List<RecordingPublisher.Sent> sent = pub.sent();
        assertEquals(4, sent.size());
        assertTrue(sent.get(0).plain().startsWith("1 of 1 done"));
        assertTrue(sent.get(1).plain().startsWith("2 of 2 done"));
        assertTrue(sent.get(2).plain().startsWith("2 of 2 done"));
        assertTrue(sent.get(3).html().contains(">first<") && sent.get(3).html().contains("first (a)"), "map keys label the rows");

        assertFalse(FutureTables.displayIfFutures("text", cell));
        assertFalse(FutureTables.displayIfFutures(null, cell));
        assertFalse(FutureTables.displayIfFutures(List.of(), cell));
        assertFalse(FutureTables.displayIfFutures(List.of(a, "not a future"), cell));
        assertFalse(FutureTables.displayIfFutures(Map.of("k", "v"), cell));
        assertFalse(FutureTables.displayIfFutures(a, null), "no cell: the caller shows it");
        assertEquals(4, pub.sent().size());

        TestFuture<Integer> live = new TestFuture<>();
        assertTrue(FutureTables.displayIfFutures(live, cell));
        live.succeed(3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pub.sent().stream().noneMatch(RecordingPublisher.Sent::isUpdate)) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(10);
        }
        assertTrue(pub.sent().get(pub.sent().size() - 1).plain().startsWith("1 of 1 done"), "an unfinished future's table is live");
    }

    @Test
    void argumentChecks() {
        assertEquals("futures", assertThrows(NullPointerException.class, () -> LiveTable.of(null)).getMessage());
        List<TaskFuture<?>> withNull = new ArrayList<>();
        withNull.add(new TestFuture<Integer>());
        withNull.add(null);
        assertTrue(assertThrows(NullPointerException.class, () -> LiveTable.of(withNull)).getMessage().contains("index 1"));
        assertEquals(Duration.ZERO, new TestFuture<Integer>().elapsed());
    }
}
