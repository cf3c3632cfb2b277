package javafutures.cluster;

import javafutures.futures.TaskFailedException;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import javafutures.process.RemoteTaskException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real local cluster of two member JVMs (started once for the class: a start costs seconds), used the way a
 * notebook uses it. The member-loss test kills one of them, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPoolTest {
    private static ClusterPool pool;

    @BeforeAll
    static void start() {
        pool = ClusterPool.builder().members(2).name("test-cluster").build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            List<Long> pids = pool.memberPids();
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
            }
        }
    }

    static final class Boom extends RuntimeException {
        final Thread notSerializable = new Thread();

        Boom(String m) {
            super(m);
        }
    }

    @Test
    @Order(1)
    void tasksRunOnBothMembersAndReportThem() {
        assertEquals("cluster", pool.kind());
        assertEquals(2, pool.workers());
        assertTrue(pool.clusterName().startsWith("java-futures-"), pool.clusterName());
        List<TaskFuture<Long>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) fs.add(pool.submit(() -> ProcessHandle.current().pid()));
        Set<Long> pids = new HashSet<>();
        Set<String> workers = new HashSet<>();
        for (TaskFuture<Long> f : fs) {
            pids.add(f.result(Duration.ofSeconds(30)));
            workers.add(f.worker());
        }
        assertEquals(new HashSet<>(pool.memberPids()), pids, "both members ran tasks, never the kernel");
        assertEquals(2, workers.size(), workers.toString());
        for (String w : workers) assertTrue(w.matches("127\\.0\\.0\\.1:\\d+ \\(pid \\d+\\)"), w);
        assertEquals(new HashSet<>(pool.workerNames()), workers);
        assertTrue(pool.describe().contains("cluster"), pool.describe());
    }

    @Test
    @Order(2)
    void exceptionsComeBackTypedOrAsRemoteTaskException() {
        TaskFuture<Object> f = pool.submit(() -> {
            throw new IllegalStateException("bad input 7");
        });
        assertInstanceOf(IllegalStateException.class, f.exception(Duration.ofSeconds(30)));
        assertEquals("bad input 7", f.exception().getMessage());
        assertThrows(TaskFailedException.class, f::result);

        TaskFuture<Object> g = pool.submit(() -> {
            throw new Boom("cannot cross");
        });
        RemoteTaskException r = assertInstanceOf(RemoteTaskException.class, g.exception(Duration.ofSeconds(30)));
        assertEquals(Boom.class.getName(), r.remoteType());
        assertEquals("cannot cross", r.getMessage());
        assertTrue(r.remoteStackTrace().contains("ClusterPoolTest"), r.remoteStackTrace());
    }

    @Test
    @Order(3)
    void voidTasksCheckedExceptionsAndNotSerializableResults() {
        TaskFuture<Void> v = pool.submit(() -> {
            Thread.sleep(1);
        });
        assertNull(v.result(Duration.ofSeconds(30)));
        TaskFuture<Void> checked = pool.submit((javafutures.process.SerializableRunnable) () -> {
            throw new java.io.IOException("disk");
        });
        assertInstanceOf(java.io.IOException.class, checked.exception(Duration.ofSeconds(30)));
        TaskFuture<Object> unser = pool.submit(() -> new Thread());
        Throwable e = unser.exception(Duration.ofSeconds(30));
        assertInstanceOf(java.io.NotSerializableException.class, e);
        assertTrue(e.getMessage().contains("result"), e.getMessage());
    }

    @Test
    @Order(4)
    void queuedTasksCancelAndRunningOnesCancelBestEffort() throws Exception {
        // Two members of one thread hold at most 4 tasks; the rest wait in the kernel.
        List<TaskFuture<Integer>> slow = new ArrayList<>();
        for (int i = 0; i < 8; i++) slow.add(pool.submit(() -> {
            Thread.sleep(20_000);
            return 1;
        }));
        Thread.sleep(300);
        TaskFuture<Integer> last = slow.get(7);
        assertEquals(TaskState.PENDING, last.state());
        assertTrue(last.cancel());
        assertTrue(pool.queued() >= 1, "queued " + pool.queued());
        for (TaskFuture<Integer> f : slow) f.cancel(true);
        for (TaskFuture<Integer> f : slow) assertTrue(f.cancelled(), f.state().toString());
        // The members were interrupted, so they take new work at once.
        assertEquals(5, pool.submit(() -> 5).result(Duration.ofSeconds(10)));
    }

    @Test
    @Order(5)
    void aKilledMemberFailsItsTaskNamingItAndTheOthersGoOn() throws Exception {
        long victim = pool.memberPids().get(0);
        List<TaskFuture<Long>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) fs.add(pool.submit(() -> {
            Thread.sleep(1500);
            return ProcessHandle.current().pid();
        }));
        Thread.sleep(500);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        int lost = 0;
        for (TaskFuture<Long> f : fs) {
            Throwable e = f.exception(Duration.ofSeconds(30));
            if (e == null) {
                assertNotEquals(victim, f.result());
            } else {
                MemberLostException m = assertInstanceOf(MemberLostException.class, e);
                assertTrue(m.member().contains("pid " + victim), m.member());
                assertTrue(m.getMessage().contains("retryOnMemberLoss"), m.getMessage());
                lost++;
            }
        }
        assertTrue(lost >= 1, "the killed member held tasks");
        assertEquals(1, pool.workers());
        assertEquals(7, pool.submit(() -> 7).result(Duration.ofSeconds(10)), "the pool goes on");
    }

    @Test
    @Order(6)
    void shutDownPoolRejects() throws Exception {
        ClusterPool p = pool;
        p.shutdown(true, false);
        assertTrue(p.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> p.submit(() -> 1));
    }
}
