package javafutures.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Exceptions, worker deaths, cancellation: each fails only its own task and the pool carries on. */
class WorkerFailureTest {
    private WorkerPool pool;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (pool != null) close(pool);
    }

    static final class Unserializable extends RuntimeException {
        final transient Object x = null;
        final Thread thread = null; // a non-serializable field type: writing fails only if set, so set it below
        final Object holder;

        Unserializable(String m) {
            super(m);
            holder = new Object();
        }
    }

    @Test
    void exceptionComesBackWithTypeMessageAndWorkerStack() throws Exception {
        pool = pool(1);
        Throwable t = failure(submit(pool, (SCallable<Object>) () -> {
            throw new IllegalStateException("boom " + ProcessHandle.current().pid());
        }));
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().startsWith("boom "));
        assertNotEquals("boom " + ProcessHandle.current().pid(), t.getMessage());
        assertTrue(java.util.Arrays.stream(t.getStackTrace()).anyMatch(e -> e.getClassName().contains("WorkerMain")));
    }

    @Test
    void exceptionThatCannotCrossBecomesRemoteTaskException() throws Exception {
        pool = pool(1);
        Throwable t = failure(submit(pool, (SCallable<Object>) () -> {
            throw new Unserializable("cannot cross");
        }));
        RemoteTaskException r = assertInstanceOf(RemoteTaskException.class, t);
        assertEquals(Unserializable.class.getName(), r.remoteType());
        assertEquals("cannot cross", r.getMessage());
        assertTrue(r.remoteStackTrace().contains("WorkerMain"), r.remoteStackTrace());
    }

    @Test
    void eachKindOfDeathFailsOnlyItsTaskAndTheWorkerIsReplaced() throws Exception {
        pool = new WorkerPool(new WorkerPoolConfig().workers(2).spares(null).jvmArgs(List.of("-Xmx64m")));
        java.nio.file.Path flag = java.nio.file.Files.createTempFile("release", ".flag");
        java.nio.file.Files.delete(flag);
        String flagName = flag.toString();
        CompletableTaskListener slow = submit(pool, (SCallable<String>) () -> {
            while (!java.nio.file.Files.exists(java.nio.file.Path.of(flagName))) Thread.sleep(20);
            return "survived";
        });
        slow.awaitStarted();
        long slowPid = slow.pid();
        Object[][] deaths = {
                {(SCallable<Object>) () -> { System.exit(3); return null; }, 3},
                {(SCallable<Object>) () -> { Runtime.getRuntime().halt(7); return null; }, 7},
                {(SCallable<Object>) () -> {
                    List<long[]> hog = new ArrayList<>();
                    while (true) hog.add(new long[1 << 20]);
                }, 3},
                {(SCallable<Object>) () -> {
                    new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start();
                    Thread.sleep(10_000);
                    return null;
                }, 137},
        };
        Set<Long> pids = new HashSet<>();
        for (Object[] d : deaths) {
            CompletableTaskListener l = submit(pool, d[0]);
            Throwable f = failure(l);
            if (!(f instanceof WorkerDiedException)) throw new AssertionError("expected a worker death", f);
            WorkerDiedException e = (WorkerDiedException) f;
            assertEquals((int) d[1], e.exitStatus(), e.getMessage());
            assertEquals(l.pid(), e.pid());
            assertNotEquals(slowPid, e.pid());
            assertTrue(e.getMessage().contains("pid " + e.pid()) && e.getMessage().contains("status " + d[1]),
                    e.getMessage());
            pids.add(e.pid());
        }
        assertEquals(4, pids.size(), "each death was a different, replaced worker");
        assertFalse(slow.future().isDone(), "the other worker's task kept running");
        java.nio.file.Files.createFile(flag);
        assertEquals("survived", get(slow));
        java.nio.file.Files.delete(flag);
        assertEquals(42, get(submit(pool, (SCallable<Integer>) () -> 42)));
        assertEquals(2, pool.snapshot().pids().size());
    }

    @Test
    void workerKilledFromOutsideFailsItsTask() throws Exception {
        pool = pool(1);
        // The task says it began: "started" comes at dispatch, and a worker killed before it began its
        // task (still booting, on a loaded machine) rightly requeues the task instead of failing it.
        java.nio.file.Path began = java.nio.file.Files.createTempFile("java-futures-began", "");
        java.nio.file.Files.delete(began);
        String beganPath = began.toString();
        CompletableTaskListener l = submit(pool, (SCallable<Object>) () -> {
            java.nio.file.Files.createFile(java.nio.file.Path.of(beganPath));
            Thread.sleep(30_000);
            return null;
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!java.nio.file.Files.exists(began) && System.nanoTime() < end) Thread.sleep(10);
        java.nio.file.Files.deleteIfExists(began);
        ProcessHandle.of(l.pid()).orElseThrow().destroyForcibly();
        WorkerDiedException e = assertInstanceOf(WorkerDiedException.class, failure(l));
        assertEquals(137, e.exitStatus());
        assertTrue(e.getMessage().contains("SIGKILL"), e.getMessage());
        assertEquals(5, get(submit(pool, (SCallable<Integer>) () -> 5)));
    }

    @Test
    void cancelQueuedAndCancelRunningKillsOnlyThatWorker() throws Exception {
        pool = pool(1);
        CompletableTaskListener running = submit(pool, (SCallable<Object>) () -> {
            Thread.sleep(30_000);
            return null;
        });
        running.awaitStarted();
        long pid = running.pid();
        CompletableTaskListener queued = new CompletableTaskListener();
        PoolTask queuedTask = pool.submit(TaskCodec.prepare((SCallable<Integer>) () -> 1), queued);
        CompletableTaskListener after = submit(pool, (SCallable<Long>) () -> ProcessHandle.current().pid());
        assertTrue(pool.cancel(queuedTask, true));
        assertThrows(CancellationException.class, () -> queued.future().get(1, TimeUnit.SECONDS));
        PoolTask runningTask = findRunning(pool);
        assertFalse(pool.cancel(runningTask, false), "a running task is not cancelled without interrupt");
        long t0 = System.nanoTime();
        assertTrue(pool.cancel(runningTask, true));
        assertThrows(CancellationException.class, () -> running.future().get(1, TimeUnit.SECONDS));
        long newPid = (Long) get(after);
        assertNotEquals(pid, newPid);
        waitUntilDead(List.of(pid));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20));
    }

    private static PoolTask findRunning(WorkerPool pool) {
        synchronized (pool) {
            for (WorkerSlot s : slotsOf(pool)) {
                PoolTask head = s.window.peek();
                if (head != null && head.state == PoolTask.State.RUNNING) return head;
            }
        }
        throw new AssertionError("no running task");
    }

    @SuppressWarnings("unchecked")
    private static List<WorkerSlot> slotsOf(WorkerPool pool) {
        try {
            var f = WorkerPool.class.getDeclaredField("slots");
            f.setAccessible(true);
            return (List<WorkerSlot>) f.get(pool);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
