package javafutures.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Tasks near and over the size limit, and frames the kernel cannot deliver: each fails at once with an error
 * that says why (never a hang), and the pool goes on serving tasks.
 */
class LargeTaskTest {
    private static final Duration WAIT = Duration.ofSeconds(TIMEOUT_S);

    @Test
    void aTaskOverThePoolsLimitFailsAtSubmitNamingSizeLimitAndFix() {
        try (ProcessPool pool = ProcessPool.builder().workers(1).maxTaskBytes(1 << 20).build()) {
            double[] big = new double[200_000]; // 1.6 MB serialized
            big[7] = 7;
            TaskTooLargeException e = assertThrows(TaskTooLargeException.class,
                    () -> pool.submit(() -> big[7] + big.length));
            assertEquals(1 << 20, e.limit());
            assertTrue(e.size() > 1_600_000 && e.size() < 1_700_000, String.valueOf(e.size()));
            String m = e.getMessage();
            assertTrue(m.contains(String.format("%,d bytes", e.size())) && m.contains("1,048,576 bytes (1 MiB)"), m);
            assertTrue(m.contains("captured value #1 (a double[]"), m);
            assertTrue(m.contains("ProcessPool.builder().maxTaskBytes(64L << 20)"), m);
            assertEquals(0, pool.queued() + pool.running(), "nothing was queued");
            assertEquals(42, pool.submit(() -> 41 + 1).result(WAIT), "the pool goes on");
            double[] fits = Arrays.copyOf(big, 100_000); // 800 KB
            assertEquals(100_007.0, pool.submit(() -> fits[7] + fits.length).result(WAIT));
        }
    }

    @Test
    void aNinetySixMegabyteCaptureIsRefusedByDefaultAndCarriedWhenTheLimitIsRaised() {
        double[] big = new double[12_000_000]; // 96 MB
        big[11_999_999] = 0.5;
        try (ProcessPool pool = new ProcessPool(1)) {
            TaskTooLargeException e = assertThrows(TaskTooLargeException.class,
                    () -> pool.submit(() -> big[big.length - 1]));
            assertEquals(Frames.DEFAULT_MAX_PAYLOAD, e.limit());
            assertTrue(e.getMessage().contains("67,108,864 bytes (64 MiB)") && e.getMessage().contains("maxTaskBytes(128L << 20)"),
                    e.getMessage());
            assertEquals(3, pool.submit(() -> 1 + 2).result(WAIT), "the pool goes on");
        }
        try (ProcessPool pool = ProcessPool.builder().workers(1).maxTaskBytes(128L << 20).build()) {
            assertEquals(12_000_000.5, pool.submit(() -> big[big.length - 1] + big.length).result(WAIT),
                    "over the default frame size, within the pool's limit: the worker gets it whole");
            assertEquals(5, pool.submit(() -> 2 + 3).result(WAIT));
        }
    }

    @Test
    void aMapChunkOverTheLimitSaysSoAndSubmitsNothing() {
        try (ProcessPool pool = ProcessPool.builder().workers(1).maxTaskBytes(1 << 20).build()) {
            List<double[]> items = new ArrayList<>();
            for (int i = 0; i < 4; i++) items.add(new double[40_000]); // 320 KB each
            TaskTooLargeException e = assertThrows(TaskTooLargeException.class,
                    () -> pool.map(a -> a.length, items, 4));
            assertTrue(e.getMessage().contains("the chunk's 4 items") && e.getMessage().contains("smaller chunkSize"),
                    e.getMessage());
            assertEquals(0, pool.queued() + pool.running());
            assertEquals(List.of(40_000, 40_000, 40_000, 40_000), pool.map(a -> a.length, items, 1).toList());
        }
    }

    @Test
    void maxTaskBytesTakesOnlyWorkableLimits() {
        assertThrows(IllegalArgumentException.class, () -> ProcessPool.builder().maxTaskBytes(0));
        assertThrows(IllegalArgumentException.class, () -> ProcessPool.builder().maxTaskBytes(3L << 30));
        assertDoesNotThrow(() -> ProcessPool.builder().maxTaskBytes(Frames.MAX_PAYLOAD));
    }

    @Test
    void theErrorNamesTheBiggestPartAndCountsOnlyUpToTheLimitInMemory() {
        double[] big = new double[500_000];
        int small = 3;
        TaskTooLargeException e = assertThrows(TaskTooLargeException.class,
                () -> TaskCodec.prepare((SCallable<Integer>) () -> big.length + small, 64 * 1024));
        assertTrue(e.getMessage().contains("Most of it is captured value #1 (a double[], 4,000,027 bytes)"), e.getMessage());
        assertTrue(e.size() > 4_000_000, String.valueOf(e.size()));
        // The hard limit has no option to raise it (cluster pools): the fix does not offer one.
        assertFalse(TaskSizes.tooLarge((SCallable<Integer>) () -> 1, List.of(), Frames.MAX_PAYLOAD + 1L, Frames.MAX_PAYLOAD)
                .getMessage().contains("maxTaskBytes"));
    }

    /**
     * A worker whose stdin is broken while its JVM lives on (a stand-in main that closed it): the kernel's
     * write fails, and that fails the task with the reason and replaces the worker; before, the failure was
     * swallowed and the task waited forever.
     */
    @Test
    void aFrameTheKernelCannotWriteFailsTheTaskInsteadOfHanging() throws Exception {
        WorkerLauncher deaf = WorkerLauncher.forKernel(List.of("-cp", System.getProperty("java.class.path"),
                DeafWorker.class.getName()));
        WorkerPool pool = new WorkerPool(new WorkerPoolConfig().workers(1).launcher(deaf).spares(null));
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (!helloed(pool)) {
                assertTrue(System.nanoTime() < end, "the stand-in worker never said hello");
                Thread.sleep(20);
            }
            Throwable t = failure(submit(pool, (SCallable<Integer>) () -> 1));
            assertInstanceOf(WorkerDiedException.class, t);
            assertTrue(t.getMessage().contains("the kernel could not write to it"), t.getMessage());
        } finally {
            close(pool);
        }
    }

    private static boolean helloed(WorkerPool pool) {
        synchronized (pool) {
            return !pool.slots.isEmpty() && pool.slots.get(0).hello;
        }
    }

    /** One print larger than a frame may be (the worker's limit is 64 MiB) arrives whole, in many frames. */
    @Test
    void aPrintLargerThanAFrameArrivesWhole() throws Exception {
        WorkerPool pool = pool(1);
        try {
            CompletableTaskListener l = submit(pool, (SCallable<Integer>) () -> {
                byte[] text = ("x".repeat(70_000_000) + "end\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                System.out.write(text, 0, text.length); // one write: print(String) is cut into 8 KB by its encoder
                return text.length;
            });
            assertEquals(70_000_004, get(l));
            String out = l.output();
            assertEquals(70_000_004, out.length());
            assertTrue(out.endsWith("xend\n"));
        } finally {
            close(pool);
        }
    }
}
