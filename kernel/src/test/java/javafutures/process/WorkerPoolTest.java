package javafutures.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class WorkerPoolTest {
    private WorkerPool pool;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (pool != null) close(pool);
    }

    @Test
    void runsTaskInAnotherJvmAndForwardsOutput() throws Exception {
        pool = pool(1);
        CompletableTaskListener l = submit(pool, (SCallable<Long>) () -> {
            System.out.println("hello from worker");
            System.err.print("to stderr");
            return ProcessHandle.current().pid();
        });
        long pid = (Long) get(l);
        assertNotEquals(ProcessHandle.current().pid(), pid);
        assertEquals(pid, l.pid());
        assertTrue(l.output().contains("hello from worker\n"), l.output());
        assertTrue(l.output().contains("to stderr"), l.output());
    }

    @Test
    void manyTasksAcrossTwoWorkersKeepTheirResults() throws Exception {
        pool = pool(2);
        List<CompletableTaskListener> ls = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int k = i;
            ls.add(submit(pool, (SCallable<Integer>) () -> k * 2));
        }
        for (int i = 0; i < ls.size(); i++) assertEquals(i * 2, get(ls.get(i)));
        assertEquals(500, pool.snapshot().completed());
    }
}
