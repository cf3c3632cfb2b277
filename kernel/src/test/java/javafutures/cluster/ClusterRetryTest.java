package javafutures.cluster;

import javafutures.futures.TaskFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * retryOnMemberLoss: a killed member's tasks run again elsewhere; with no member left, a local pool fails
 * what waits.
 */
class ClusterRetryTest {
    private ClusterPool pool;

    @AfterEach
    void stop() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void killedMembersTasksRunAgainOnTheOtherMember() throws Exception {
        pool = ClusterPool.builder().members(2).retryOnMemberLoss(true).build();
        List<Long> pids = pool.memberPids();
        long victim = pids.get(0), survivor = pids.get(1);
        List<TaskFuture<Long>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) fs.add(pool.submit(() -> {
            Thread.sleep(1500);
            return ProcessHandle.current().pid();
        }));
        Thread.sleep(500);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        for (TaskFuture<Long> f : fs) assertEquals(survivor, f.result(Duration.ofSeconds(60)), "retried on the survivor");
        assertEquals(List.of(), pool.workerNames().stream().filter(w -> w.contains("pid " + victim)).toList());

        // The last member dies too: what waits fails naming it, and the pool takes no more tasks.
        List<TaskFuture<Long>> more = new ArrayList<>();
        for (int i = 0; i < 4; i++) more.add(pool.submit(() -> {
            Thread.sleep(1500);
            return 0L;
        }));
        Thread.sleep(300);
        ProcessHandle.of(survivor).orElseThrow().destroyForcibly();
        for (TaskFuture<Long> f : more) {
            MemberLostException e = assertInstanceOf(MemberLostException.class, f.exception(Duration.ofSeconds(60)));
            assertTrue(e.member().contains("pid " + survivor), e.member());
        }
        assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> 1));
    }
}
