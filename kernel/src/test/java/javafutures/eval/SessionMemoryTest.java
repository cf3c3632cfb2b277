package javafutures.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a cell leaves behind in the kernel's evaluator, through a real JShell: no thread group per cell once
 * its threads ended (JDK 19+), a cell's group still usable by a thread factory made in it, one kept copy of a
 * snippet class's bytes that still serves the class as a resource; and dropping JShell's javac contexts now and
 * then ({@link JavacContexts}, here before nearly every cell) changes nothing a notebook sees: declarations
 * made before a reset compile and run after it, redefinitions replace, the default imports and the kernel's
 * API resolve, lambdas stay serializable, a compile error is still one.
 */
class SessionMemoryTest {
    private static JShellEvaluator jshell;

    @BeforeAll
    static void start() {
        jshell = new JShellEvaluator();
        // JShell's javac contexts dropped before nearly every cell (JavacContexts): nothing here may notice
        jshell.javacContexts().interval(2);
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    private static Object eval(String code) {
        return Cells.value(jshell, code);
    }

    /**
     * The cell groups alive after a cell, counted from the test's thread once things are settled. Not in a cell:
     * there the successor spare that the counting cell's start asks for is counted or not, depending on whether
     * the maker thread has made it yet. Here: first the next run's spare is made (its group is counted), and
     * the group of the cell that ran last is collected. A thread that ended is still held by the VM for a moment
     * after {@code join} returns (until its native thread is torn down), and its group with it: it goes at a
     * later collection (a leaked one never does; then the count, after 30 s, shows it).
     */
    private static int cellGroups() throws InterruptedException {
        String last = (String) eval("Thread.currentThread().getThreadGroup().getName()");
        ThreadGroup cells = CellThreads.cellGroups();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            while (!CellThreads.spareReady()) Thread.sleep(1);
            System.gc(); // JDK 19+ parents hold ended groups weakly
            ThreadGroup[] groups = new ThreadGroup[cells.activeGroupCount() + 8];
            int n = cells.enumerate(groups, false);
            boolean lastKept = false;
            for (int i = 0; i < n; i++) lastKept |= groups[i].getName().equals(last);
            Arrays.fill(groups, null);
            if (!lastKept || System.nanoTime() > deadline) return n;
            Thread.sleep(10);
        }
    }

    @Test
    void anExecutorMadeInOneCellStartsItsThreadsInALaterOne() {
        // Its thread factory took the first cell's thread group, which must still accept threads.
        eval("var lazyPool = java.util.concurrent.Executors.newFixedThreadPool(2);");
        eval("int between = 1;");
        assertEquals(5, eval("lazyPool.submit(() -> 5).get()"));
        assertEquals(7, eval("lazyPool.submit(() -> 7).get() + lazyPool.submit(() -> 0).get()"));
        eval("lazyPool.shutdown();");
    }

    @Test
    void cellsWhoseThreadsEndedLeaveNoThreadGroup() throws InterruptedException {
        // JDK 19+: parents hold subgroups weakly. On JDK 17 one group per cell stays (see CellThreadGroup).
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 19, "JDK 17 keeps cell groups");
        int before = cellGroups();
        for (int i = 0; i < 20; i++) {
            eval("int g = " + i + ";");
            // a thread of the cell's own; a local, since a kept Thread keeps its group (JDK 19+)
            eval("{ Thread t = new Thread(() -> {}); t.start(); t.join(); }");
        }
        int after = cellGroups();
        assertTrue(after <= before, "cell thread groups kept: " + before + " before 40 cells, " + after + " after");
    }

    @Test
    void aSnippetClassIsReadableAsAResourceInItsOriginalBytes() {
        eval("class Kept { int n() { return 41 + 1; } }");
        assertEquals(42, eval("new Kept().n()"), "defined and run");
        String name = (String) eval("Kept.class.getName()");
        SnippetClasses.ClassVersion recorded = SnippetClasses.get(name);
        assertNotNull(recorded, name + " recorded for workers");
        byte[] resource = (byte[]) eval("Kept.class.getClassLoader().getResourceAsStream("
                + "Kept.class.getName().replace('.', '/') + \".class\").readAllBytes()");
        assertArrayEquals(recorded.bytes(), resource, "the resource is the class as javac made it");
    }

    @Test
    void declarationsRedefinitionsAndImportsSurviveResets() {
        int before = jshell.javacContexts().resets();
        eval("int v = 20;");
        eval("int f(int a) { return a + v; }");
        eval("record R(int a, int b) { int sum() { return a + b; } }");
        eval("ThreadPool tp = new ThreadPool(2);");
        assertEquals(23, eval("f(3)"));
        assertEquals(3, eval("new R(1, 2).sum()"));
        eval("int f(int a) { return a * v; }"); // redefined after a reset
        eval("record R(int a, int b) { int sum() { return a * b + 1; } }");
        assertEquals(60, eval("f(3)"));
        assertEquals(3, eval("new R(1, 2).sum()"));
        assertEquals(60, eval("tp.submit(() -> f(3)).result()"));
        assertEquals(true, eval("((Object) (Runnable) () -> {}) instanceof java.io.Serializable"));
        assertEquals(4, eval("List.of(1, 2, 3, 4).size()")); // a default import
        eval("tp.close();");
        assertTrue(jshell.javacContexts().resets() > before + 3, "resets: " + jshell.javacContexts().resets());
    }

    @Test
    void anIdleKernelDropsTheContextsBetweenCellsOnceHalfTheIntervalHasPassed() {
        jshell.javacContexts().interval(4);
        try {
            jshell.idle(); // whatever earlier tests left due
            int before = jshell.javacContexts().resets();
            eval("int idleA = 1;");
            eval("int idleB = idleA + 1;");
            assertEquals(before, jshell.javacContexts().resets(), "not inside the cells: 2 snippets of 4");
            jshell.idle();
            assertEquals(before + 1, jshell.javacContexts().resets());
            jshell.idle();
            assertEquals(before + 1, jshell.javacContexts().resets(), "nothing evaluated since: nothing to drop");
            assertEquals(3, eval("idleA + idleB"));
            eval("int idleA = 5;"); // redeclared after the idle drop
            assertEquals(7, eval("idleA + idleB"));
        } finally {
            jshell.javacContexts().interval(2);
        }
    }

    @Test
    void aCompileErrorAfterAResetIsStillOne() {
        eval("int ok = 1;");
        eval("int ok2 = 2;");
        CellError e = assertThrows(CellError.class, () -> jshell.eval("int bad = \"text\";"));
        assertEquals("CompilationError", e.ename());
        assertEquals(3, eval("ok + ok2"));
    }

    @Test
    void theIntervalPropertyFallsBackOnBadValues() {
        assertEquals(JavacContexts.DEFAULT_INTERVAL, JavacContexts.interval(null));
        assertEquals(JavacContexts.DEFAULT_INTERVAL, JavacContexts.interval("many"));
        assertEquals(0, JavacContexts.interval("-5"));
        assertEquals(0, JavacContexts.interval("0"));
        assertEquals(50, JavacContexts.interval(" 50 "));
    }
}
