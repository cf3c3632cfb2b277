package javafutures.process;

import javafutures.worker.TaskDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Frames on a worker's pipes in batches: the tasks that replies arriving together make room for leave in one
 * write, yet each result reaches its own task in order, output stays with the task that printed it, a big frame
 * between small ones arrives whole, and a worker that dies in the middle of a batch fails only the task it ran.
 * Also the stream-free form of plain tasks ({@link TaskCodec#PLAIN_TASK}).
 */
class PipeBatchingTest {
    private WorkerPool pool;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (pool != null) close(pool);
    }

    /** Records the order in which results arrive (on the worker's reader thread). */
    private static final class Ordered implements TaskListener {
        final CompletableTaskListener done = new CompletableTaskListener();
        final int index;
        final ConcurrentLinkedQueue<Integer> arrivals;
        final CountDownLatch gate;

        Ordered(int index, ConcurrentLinkedQueue<Integer> arrivals, CountDownLatch gate) {
            this.index = index;
            this.arrivals = arrivals;
            this.gate = gate;
        }

        @Override
        public void succeeded(Object value) {
            try {
                // Holds up the reader thread: the worker's next replies pile up in the pipe meanwhile.
                if (gate != null && !gate.await(TIMEOUT_S, TimeUnit.SECONDS)) throw new AssertionError("gate");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            arrivals.add(index);
            done.succeeded(value);
        }

        @Override
        public void failed(Throwable error) {
            done.failed(error);
        }

        @Override
        public void cancelled() {
            done.cancelled();
        }
    }

    private static WorkerSlot onlySlot(WorkerPool pool) {
        synchronized (pool) {
            assertEquals(1, pool.slots.size());
            return pool.slots.get(0);
        }
    }

    /** Trivial tasks until the pool sends several ahead (it does once it has seen that tasks are short). */
    private static void warm(WorkerPool pool) throws Exception {
        List<CompletableTaskListener> ls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int k = i;
            ls.add(submit(pool, (SCallable<Integer>) () -> k));
        }
        for (int i = 0; i < ls.size(); i++) assertEquals(i, get(ls.get(i)));
    }

    @Test
    void repliesArrivingTogetherSendTheTasksTheyMakeRoomForInOneWrite() throws Exception {
        pool = new WorkerPool(new WorkerPoolConfig().workers(1).spares(null).maxWindow(8));
        warm(pool);
        Path marker = Files.createTempFile("batch", ".done");
        Files.delete(marker);
        String markerPath = marker.toString();
        ConcurrentLinkedQueue<Integer> arrivals = new ConcurrentLinkedQueue<>();
        CountDownLatch gate = new CountDownLatch(1);
        List<Ordered> ls = new ArrayList<>();
        // 8 in the worker's window (the first holds up the reader, the 8th marks that all 8 ran), 7 more queued
        // in the kernel: the replies of tasks 2..8 arrive together and make room for tasks 9..15 at once.
        // The window depends on measured run times (one over 10 ms, easy on a loaded machine, makes it 1, and
        // task 2 would then wait for the reader that task 1 holds up): the pool is told its tasks are short, and
        // no reply is handled while the 15 are placed (the lock), so 8 go ahead whatever the machine's load.
        synchronized (pool) {
            for (int i = 0; i < 64; i++) pool.recordRunTime(1_000);
            for (int i = 0; i < 15; i++) {
                int k = i;
                Ordered l = new Ordered(i, arrivals, i == 0 ? gate : null);
                SCallable<Integer> task = i == 7
                        ? () -> {
                            Files.createFile(Path.of(markerPath));
                            return k;
                        }
                        : () -> k;
                pool.submit(TaskCodec.prepare(task), l);
                ls.add(l);
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!Files.exists(marker)) {
            if (System.nanoTime() > end) throw new AssertionError("the 8th task never ran");
            Thread.sleep(5);
        }
        Thread.sleep(50); // its reply, flushed when the worker went idle, is in the pipe
        WorkerSlot slot = onlySlot(pool);
        long before = slot.worker.writes();
        gate.countDown();
        for (int i = 0; i < ls.size(); i++) assertEquals(i, get(ls.get(i).done), "task " + i + "'s own result");
        long burst = slot.worker.writes() - before;
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14), new ArrayList<>(arrivals));
        assertTrue(burst >= 1 && burst < 7, "7 tasks sent in " + burst + " writes");
        Files.deleteIfExists(marker);
    }

    @Test
    void aWorkerDyingInTheMiddleOfABatchFailsOnlyTheTaskItRan() throws Exception {
        pool = pool(1);
        warm(pool);
        List<CompletableTaskListener> ls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int k = i;
            ls.add(submit(pool, i == 5
                    ? (SCallable<Integer>) () -> {
                        Runtime.getRuntime().halt(3);
                        return k;
                    }
                    : (SCallable<Integer>) () -> k));
        }
        for (int i = 0; i < 12; i++) {
            if (i == 5) {
                Throwable t = failure(ls.get(i));
                assertInstanceOf(WorkerDiedException.class, t, String.valueOf(t));
            } else {
                assertEquals(i, get(ls.get(i)), "task " + i + " ran before or after the death, on a replacement");
            }
        }
    }

    @Test
    void aBigFrameBetweenSmallOnesArrivesWhole() throws Exception {
        pool = pool(1);
        warm(pool);
        int[] big = new int[3 << 20]; // 12 MB: many pipe buffers
        for (int i = 0; i < big.length; i++) big[i] = i;
        List<CompletableTaskListener> ls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int k = i;
            ls.add(submit(pool, i % 10 == 5
                    ? (SCallable<Long>) () -> (long) big[big.length - 1] + k
                    : (SCallable<Long>) () -> (long) k));
        }
        for (int i = 0; i < 30; i++) {
            assertEquals(i % 10 == 5 ? big.length - 1L + i : (long) i, get(ls.get(i)));
        }
    }

    @Test
    void outputOfTasksSentTogetherStaysWithEachTask() throws Exception {
        pool = pool(1);
        warm(pool);
        List<CompletableTaskListener> ls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int k = i;
            ls.add(submit(pool, (SCallable<Integer>) () -> {
                System.out.println("out of " + k);
                System.err.println("err of " + k);
                return k;
            }));
        }
        for (int i = 0; i < 40; i++) {
            assertEquals(i, get(ls.get(i)));
            String out = ls.get(i).output();
            assertTrue(out.contains("out of " + i + "\n") && out.contains("err of " + i + "\n")
                    && out.length() == ("out of " + i + "\nerr of " + i + "\n").length(), "task " + i + ": " + out);
        }
    }

    @Test
    void plainLambdasTravelWithoutAJavaIoStreamOthersWithOne() throws Exception {
        int k = 41;
        String s = "é";
        Long nothing = null;
        PreparedTask plain = TaskCodec.prepare((SCallable<String>) () -> s + (k + 1) + nothing);
        assertEquals(TaskCodec.PLAIN_TASK, plain.bytes()[8]);
        List<Integer> list = new ArrayList<>(List.of(1, 2));
        PreparedTask stream = TaskCodec.prepare((SCallable<Integer>) () -> list.size() + k);
        assertEquals((byte) 0xAC, stream.bytes()[8]);
        TaskDecoder decoder = new TaskDecoder();
        ClassLoader loader = getClass().getClassLoader();
        assertEquals("é42null", ((SCallable<?>) decoder.decode(plain.bytes(), 8, loader)).call());
        assertEquals(43, ((SCallable<?>) decoder.decode(stream.bytes(), 8, loader)).call());
        pool = pool(1);
        assertEquals("é42null", get(submit(pool, (SCallable<String>) () -> s + (k + 1) + nothing)));
    }

    @Test
    void aTruncatedPlainTaskFailsToDecodeRatherThanRunWithMissingValues() {
        int k = 41;
        byte[] whole = TaskCodec.prepare((SCallable<Integer>) () -> k + 1).bytes();
        assertEquals(TaskCodec.PLAIN_TASK, whole[8]);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 6); // inside the captured int (4-byte count after it)
        assertThrows(java.io.EOFException.class, () -> new TaskDecoder().decode(cut, 8, getClass().getClassLoader()));
    }
}
