package javafutures.futures;

import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** What tasks and callbacks print lands under the right cell, even after another cell became current. */
class OutputRoutingTest {
    private final OutputRouter router = OutputRouter.install();
    private final RecordingPublisher publisher = new RecordingPublisher();

    @AfterEach
    void noCell() {
        OutputRouter.setCurrent(null);
    }

    @Test
    void taskOutputGoesToTheSubmittingCellAndCallbacksToTheCellThatAddedThem() throws Exception {
        CellTarget cell3 = publisher.cell("cell-3");
        CellTarget cell4 = publisher.cell("cell-4");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch callbacksDone = new CountDownLatch(2);
        try (ThreadPool pool = new ThreadPool(1)) {
            OutputRouter.setCurrent(cell3);
            TaskFuture<Integer> f = pool.submit(() -> {
                release.await();
                System.out.println("printed by the task");
                System.err.println("task stderr");
                return 1;
            });
            f.addDoneCallback(d -> {
                System.out.println("callback added in cell 3");
                callbacksDone.countDown();
            });
            OutputRouter.setCurrent(cell4); // cell 3 finished; cell 4 runs now
            f.addDoneCallback(d -> {
                System.out.println("callback added in cell 4");
                callbacksDone.countDown();
            });
            System.out.println("cell 4's own output");
            release.countDown();
            assertEquals(1, f.result(Duration.ofSeconds(30)));
            assertTrue(callbacksDone.await(30, TimeUnit.SECONDS));
        }
        OutputRouter.setCurrent(null);
        router.flush(cell3);
        router.flush(cell4);
        String three = publisher.streamText("cell-3");
        String four = publisher.streamText("cell-4");
        assertTrue(three.contains("printed by the task\n") && three.contains("task stderr\n"), three);
        assertTrue(three.contains("callback added in cell 3"), three);
        assertFalse(three.contains("cell 4"), three);
        assertTrue(four.contains("callback added in cell 4") && four.contains("cell 4's own output"), four);
        assertFalse(four.contains("printed by the task"), four);
    }

    @Test
    void aWorkerThatRanTasksOfOneCellWritesTasksOfTheNextCellAndOfNoCellWhereTheyBelong() throws Exception {
        CellTarget cell5 = publisher.cell("cell-5");
        CellTarget cell6 = publisher.cell("cell-6");
        try (ThreadPool pool = new ThreadPool(1)) {
            OutputRouter.setCurrent(cell5);
            for (int i = 0; i < 3; i++) {
                int n = i;
                pool.submit(() -> System.out.println("five-" + n)).result(Duration.ofSeconds(30));
            }
            OutputRouter.setCurrent(cell6); // the same worker now takes a task of cell 6, right after cell 5's
            pool.submit(() -> System.out.print("six, partial")).result(Duration.ofSeconds(30));
            OutputRouter.setCurrent(null); // and one submitted from no cell: it must reach no cell
            pool.submit(() -> System.out.println("nobody's")).result(Duration.ofSeconds(30));
        }
        router.flush(cell5);
        router.flush(cell6);
        String five = publisher.streamText("cell-5");
        String six = publisher.streamText("cell-6");
        assertEquals("five-0\nfive-1\nfive-2\n", five);
        assertEquals("six, partial", six, "a partial line goes out under its cell when the task ends");
        assertFalse(five.contains("nobody") || six.contains("nobody"), five + six);
    }

    @Test
    void callbackErrorsAndExecuteFailuresAreReportedUnderTheirCell() throws Exception {
        CellTarget cell = publisher.cell("cell-9");
        CountDownLatch done = new CountDownLatch(1);
        try (ThreadPool pool = new ThreadPool(1)) {
            OutputRouter.setCurrent(cell);
            TaskFuture<Integer> f = pool.submit(() -> 1);
            f.addDoneCallback(d -> {
                throw new IllegalStateException("callback exploded");
            });
            f.addDoneCallback(d -> done.countDown());
            pool.execute(() -> {
                throw new IllegalStateException("execute exploded");
            });
            assertTrue(done.await(30, TimeUnit.SECONDS));
        }
        OutputRouter.setCurrent(null);
        router.flush(cell);
        String text = publisher.streamText("cell-9");
        assertTrue(text.contains("callback exploded") && text.contains("execute exploded"), text);
    }

    @Test
    void initializerOutputGoesToTheCellThatBuiltThePool() throws Exception {
        CellTarget cell = publisher.cell("cell-1");
        OutputRouter.setCurrent(cell);
        ThreadPool pool = ThreadPool.builder().workers(1).initializer(() -> System.out.println("worker ready")).build();
        OutputRouter.setCurrent(null);
        pool.submit(() -> 1).result(Duration.ofSeconds(30)); // submitted from no cell
        pool.close();
        router.flush(cell);
        assertTrue(publisher.streamText("cell-1").contains("worker ready"));
    }
}
