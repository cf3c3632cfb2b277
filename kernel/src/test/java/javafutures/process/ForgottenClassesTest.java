package javafutures.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.Callable;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A real worker JVM forgets class sets the kernel collected (FORGET frames) and tasks stay right: a task
 * needing bytes another known set still names finds them, and a task of a forgotten set, submitted again, gets
 * its classes again and runs as before.
 */
class ForgottenClassesTest {
    private final int scansLimit = TaskCodec.SCANS.limit();
    private WorkerPool pool;

    @AfterEach
    void tearDown() throws InterruptedException {
        TaskCodec.SCANS.limit(scansLimit);
        if (pool != null) close(pool);
    }

    private static String w(int n) {
        return "REPL.$JShell$" + n;
    }

    /**
     * A wrapper whose {@code task()} returns a lambda; {@code body} is the lambda's body, and an unused method
     * names {@code helper} so the helper's class is in the task's set even when the lambda does not call it.
     */
    private static Callable<?> wrapper(int helper, String body) throws Exception {
        int k = Snippets.next();
        var l = Snippets.load(Map.of(w(k), "package REPL;\nimport java.util.concurrent.*;\nimport java.io.Serializable;\n"
                + "public class $JShell$" + k + " {\n"
                + "public static int unused() { return $JShell$" + helper + ".helper(0); }\n"
                + "public static Callable<Integer> task() { return (Callable<Integer> & Serializable) () -> " + body + "; }\n}\n"),
                ForgottenClassesTest.class.getClassLoader());
        return (Callable<?>) Class.forName(w(k), true, l).getMethod("task").invoke(null);
    }

    private int knownSets() {
        synchronized (pool) {
            return pool.slots.get(0).classes.knownSets();
        }
    }

    /** Runs a task, then lets go of its prepared form, so its class set can be collected. */
    private Held run(Callable<?> task, Object expected) throws Exception {
        PreparedTask p = TaskCodec.prepare(task);
        CompletableTaskListener l = new CompletableTaskListener();
        pool.submit(p, l);
        assertEquals(expected, get(l));
        return new Held(new WeakReference<>(p.classes()), p.classes().id());
    }

    /** A class set held weakly, and its id. */
    private record Held(WeakReference<ClassSet> set, long id) {
    }

    /** Waits until the set was collected and counted, so the next task sent is preceded by its FORGET. */
    private static void awaitCounted(Held held) throws InterruptedException {
        ScanCachesTest.awaitCollected(held.set());
        for (int i = 0; i < 500 && !ClassSet.counted(held.id()); i++) Thread.sleep(10);
        assertTrue(ClassSet.counted(held.id()), "set " + held.id() + " collected but never counted");
    }

    @Test
    void workersForgetCollectedSetsAndTasksStayRight() throws Exception {
        TaskCodec.SCANS.limit(0); // no scan keeps a set alive: only tasks do
        int h = Snippets.next();
        Snippets.load(Map.of(w(h), "package REPL;\npublic class $JShell$" + h + " {\n"
                + "public static int helper(int x) { return x * 3; }\n}\n"), getClass().getClassLoader());
        Callable<?> a = wrapper(h, "1"), b = wrapper(h, "2"), c = wrapper(h, "$JShell$" + h + ".helper(5)");
        pool = pool(1);

        Held setA = run(a, 1); // A and B name the helper; neither defines it in the worker
        Callable<?> keepB = b;
        PreparedTask heldB = TaskCodec.prepare(keepB); // keeps B's set alive: the worker keeps knowing it
        CompletableTaskListener lb = new CompletableTaskListener();
        pool.submit(heldB, lb);
        assertEquals(2, get(lb));
        awaitCounted(setA);

        // C's set is new; the helper's bytes are still held for B's set, so the kernel sends C's set without them
        // and the worker must define the helper from what it kept when it forgot A's set.
        Held setC = run(c, 15);
        assertEquals(2, knownSets(), "A's set forgotten, B's and C's known");

        Held setB = new Held(new WeakReference<>(heldB.classes()), heldB.classes().id());
        heldB = null;
        awaitCounted(setB);
        awaitCounted(setC);
        run((SCallable<Integer>) () -> 4, 4); // any task: the forgetting goes first
        assertEquals(0, knownSets(), "B's and C's sets forgotten too (this task names none)");

        // Tasks of forgotten sets, submitted again: their classes are sent again, with the bytes.
        run(c, 15);
        run(a, 1);
        run(keepB, 2);
        assertEquals(3, knownSets());
    }
}
