package javafutures.process;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Spare JVMs (review finding: an interrupted refill thread stopped refilling for good). */
class WarmWorkersTest {
    @Test
    void anInterruptedRefillKeepsRefilling() throws Exception {
        WarmWorkers spares = new WarmWorkers(1);
        try {
            WorkerLauncher launcher = WorkerLauncher.forKernel(List.of());
            spares.prestart(launcher);
            awaitReady(spares);
            WorkerProcess taken = spares.take(launcher); // schedules a refill, which first sleeps a little
            assertNotNull(taken);
            taken.kill();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("java-futures-warm-workers")) {
                    assertSame(javafutures.futures.PoolRegistry.threadGroup(), t.getThreadGroup(), "born in the pools' group");
                    t.interrupt();
                }
            }
            awaitReady(spares);
            assertEquals(1, spares.ready(), "the spare was replaced despite the interrupt");
            spares.take(launcher).kill();
            awaitReady(spares);
        } finally {
            spares.setTarget(0);
        }
    }

    private static void awaitReady(WarmWorkers spares) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (spares.ready() < 1 && System.nanoTime() < end) Thread.sleep(20);
        assertEquals(1, spares.ready());
    }
}
