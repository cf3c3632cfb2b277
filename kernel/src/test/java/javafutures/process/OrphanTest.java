package javafutures.process;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Workers never outlive their kernel: here a stand-in kernel JVM that is SIGKILLed mid-task. */
class OrphanTest {
    /** The stand-in kernel: starts two workers, prints their pids, and waits to be killed. */
    public static void main(String[] args) throws Exception {
        WorkerPool pool = new WorkerPool(new WorkerPoolConfig().workers(2).spares(null));
        CompletableTaskListener a = submit(pool, (SCallable<Long>) () -> ProcessHandle.current().pid());
        CompletableTaskListener b = submit(pool, (SCallable<Long>) () -> ProcessHandle.current().pid());
        long pa = (Long) get(a), pb = (Long) get(b);
        submit(pool, (SCallable<Object>) () -> { Thread.sleep(600_000); return null; }); // busy when killed
        System.out.println(pa + " " + pb);
        System.out.flush();
        Thread.sleep(600_000);
    }

    @Test
    void workersExitWhenTheirKernelIsKilled() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process kernel = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String line = new BufferedReader(new InputStreamReader(kernel.getInputStream())).readLine();
            assertNotNull(line, "stand-in kernel printed no pids");
            List<Long> pids = new ArrayList<>();
            for (String p : line.trim().split(" ")) pids.add(Long.parseLong(p));
            for (long pid : pids) assertTrue(alive(pid));
            new ProcessBuilder("kill", "-9", Long.toString(kernel.pid())).start().waitFor();
            assertTrue(kernel.waitFor(TIMEOUT_S, TimeUnit.SECONDS));
            waitUntilDead(pids);
        } finally {
            kernel.destroyForcibly();
        }
    }
}
