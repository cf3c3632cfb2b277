package javafutures.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Evaluation through a real JShell in this JVM (run on JDK 17 and on the newest JDK by the test script). */
class JShellEvaluatorTest {
    static JShellEvaluator jshell;
    static ScheduledExecutorService timer;

    @BeforeAll
    static void start() {
        jshell = new JShellEvaluator();
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        timer.shutdownNow();
        jshell.close();
    }

    @Test
    void lastExpressionIsTheValueAndDeclarationsHaveNone() throws Exception {
        assertNull(jshell.eval("int a = 20;"));
        JShellEvaluator.Value v = jshell.eval("int b = 1;\na * 2 + b");
        assertEquals(41, v.value());
        assertEquals("int", v.typeName());
        assertNull(jshell.eval("System.out.print(\"\");"), "a void call has no value");
    }

    @Test
    void methodsRecordsAndDefaultImportsWork() throws Exception {
        jshell.eval("record Point(int x, int y) { int sum() { return x + y; } }");
        jshell.eval("int twice(int n) { return 2 * n; }");
        assertEquals(14, jshell.eval("twice(new Point(3, 4).sum())").value());
        assertNotNull(jshell.eval("new ConcurrentHashMap<String, Duration>()").value(), "pre-imported packages");
    }

    @Test
    void compileErrorPointsAtLineAndColumn() {
        CellError e = assertThrows(CellError.class, () -> jshell.eval("int ok = 1;\nString s = 42;"));
        assertEquals("CompilationError", e.ename());
        assertTrue(e.evalue().startsWith("line 2, column 12"), e.evalue());
        assertTrue(String.join("\n", e.traceback()).contains("String s = 42;"));
    }

    @Test
    void unfinishedCodeIsAClearError() {
        CellError e = assertThrows(CellError.class, () -> jshell.eval("for (int i = 0; i < 3; i++) {"));
        assertTrue(e.evalue().contains("not finished"), e.evalue());
    }

    @Test
    void runtimeErrorIsTrimmedToUserCode() throws Exception {
        jshell.eval("void inner() { throw new IllegalStateException(\"deep\"); }");
        jshell.eval("void outer() { inner(); }");
        CellError e = assertThrows(CellError.class, () -> jshell.eval("outer();"));
        assertEquals("IllegalStateException", e.ename());
        assertEquals("deep", e.evalue());
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("at inner"), trace);
        assertTrue(trace.contains("at outer"), trace);
        assertFalse(trace.contains("jdk.internal.reflect"), trace);
        assertFalse(trace.contains("javafutures.eval"), trace);
    }

    @Test
    void aTrailingSemicolonMakesTheValueQuiet() throws Exception {
        assertTrue(jshell.eval("1 + 1;").quiet());
        assertFalse(jshell.eval("1 + 1").quiet());
        assertTrue(jshell.eval("System.out.printf(\"\");").quiet());
        assertEquals(5, jshell.eval("int five = 5;\nfive // no semicolon").value());
    }

    @Test
    void framesOfNotebookCodeNameTheirCellAndLine() throws Exception {
        jshell.setOrigin(7, 1);
        jshell.eval("int unrelated = 0;\n\n// divides\nint ratio(int a, int b) {\n    return a / b;\n}");
        jshell.setOrigin(8, 1);
        jshell.eval("\nRunnable r = () -> {\n    ratio(1, 0);\n};");
        jshell.setOrigin(9, 4);
        CellError e = assertThrows(CellError.class, () -> jshell.eval("\n\nr.run();"));
        jshell.setOrigin(0, 1);
        String trace = String.join("\n", e.traceback()).replaceAll("\u001b\\[[0-9;]*m", "");
        assertTrue(trace.contains("at ratio (cell [7], line 5)"), trace);
        assertTrue(trace.contains("at lambda (cell [8], line 3)"), trace);
        assertTrue(trace.contains("at cell [9], line 6"), trace);
        assertFalse(trace.contains("#"), trace);
    }

    @Test
    void compileErrorsCountLinesFromThePartsFirstLine() {
        jshell.setOrigin(3, 5);
        CellError e = assertThrows(CellError.class, () -> jshell.eval("int ok = 1;\nString s = 42;"));
        jshell.setOrigin(0, 1);
        assertTrue(e.evalue().startsWith("line 6, column 12"), e.evalue());
    }

    @Test
    void systemExitIsRefusedAndTheStateSurvives() throws Exception {
        jshell.eval("int survivor = 7;");
        CellError e = assertThrows(CellError.class, () -> jshell.eval("System.exit(3);"));
        assertEquals("KernelExitRefusedException", e.ename());
        assertTrue(e.evalue().contains("System.exit(3)"));
        assertEquals(7, jshell.eval("survivor").value());
    }

    @Test
    void aCellDoesNotWaitForThreadsItStarts() throws Exception {
        long t0 = System.nanoTime();
        jshell.eval("Thread bg = new Thread(() -> { try { Thread.sleep(3000); } catch (InterruptedException e) { } });\nbg.start();");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2500, "cell waited for its background thread: " + ms + " ms");
        assertEquals(true, jshell.eval("bg.isAlive()").value());
        jshell.eval("bg.interrupt();");
    }

    /** Interrupts once the cell has run for {@code delayMs} (compiling it may take longer than that). */
    private CellError interruptAfter(String code, long delayMs) {
        timer.submit(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!CellThreads.isRunning() && System.nanoTime() < deadline) Thread.onSpinWait();
            Thread.sleep(delayMs);
            jshell.interrupt();
            return null;
        });
        long t0 = System.nanoTime();
        CellError e = assertThrows(CellError.class, () -> jshell.eval(code));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < delayMs + 10_000, code + " took " + ms + " ms to stop");
        return e;
    }

    @Test
    void interruptStopsTightLoopSleepFutureGetAndLoopsInNotebookMethods() throws Exception {
        jshell.eval("int kept = 5;");
        jshell.eval("long spin() { long i = 0; while (true) { i++; } }");
        for (String code : new String[]{
                "while (true) { }",
                "Thread.sleep(60_000);",
                "new CompletableFuture<Integer>().get();",
                "spin();"}) {
            CellError e = interruptAfter(code, 300);
            assertEquals("Interrupted", e.ename(), code);
        }
        assertEquals(6, jshell.eval("kept + 1").value(), "state survives interrupts");
    }

    @Test
    void interruptDoesNotTouchPoolThreadsRunningNotebookCode() throws Exception {
        jshell.eval("long busy(long ms) { long end = System.nanoTime() + ms * 1_000_000; long n = 0; while (System.nanoTime() < end) { n++; } return n; }");
        jshell.eval("var pool = java.util.concurrent.Executors.newSingleThreadExecutor(r -> { Thread t = new Thread(javafutures.eval.CellThreadsTestSupport.poolGroup(), r); t.setDaemon(true); return t; });");
        jshell.eval("var running = pool.submit(() -> busy(1500));");
        interruptAfter("new CompletableFuture<Integer>().get();", 300);
        assertTrue((Long) jshell.eval("running.get()").value() > 0, "the pool task finished normally");
        jshell.eval("pool.shutdown();");
    }

    @Test
    void interruptWithNoCellRunningIsHarmlessAndDoesNotHitTheNextCell() throws Exception {
        jshell.interrupt();
        assertEquals(3, jshell.eval("1 + 2").value());
    }

    @Test
    void snippetBytesAreRecordedWithoutTheKernelsStopChecks() throws Exception {
        jshell.eval("class Recorded { int f() { for (int i = 0; i < 3; i++) { } return 1; } }");
        SnippetClasses.ClassVersion v = SnippetClasses.snapshot().values().stream()
                .filter(c -> c.name().endsWith("$Recorded")).findFirst().orElseThrow();
        String text = new String(v.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("javafutures/eval/CellStop"), "original bytes must not reference kernel classes");
        assertTrue(v.hash().length() > 10);
    }

    @Test
    void lambdasWrittenInCellsAreSerializable() throws Exception {
        assertTrue(jshell.lambdasSerializable());
        assertEquals(true, jshell.eval("Callable<Integer> c = () -> 1; c instanceof java.io.Serializable").value());
    }

    @Test
    void theIdleCheckOfSerializableLambdasKeepsTheNotebooksDeclarations() throws Exception {
        try (JShellEvaluator fresh = new JShellEvaluator()) {
            fresh.eval("int kept = 41;");
            fresh.eval("interface Runnable { }"); // shadows java.lang.Runnable in later snippets
            fresh.eval("var list = List.of(1, 2);");
            List<String> log = new java.util.ArrayList<>();
            fresh.reportTo(log::add);
            fresh.idle(); // the first idle runs the check
            assertEquals(List.of(), log, "javac honours -XDforceSerializable here: nothing to report");
            assertEquals(List.of("kept", "list"), fresh.variableNames());
            assertEquals(42, fresh.eval("kept + list.size() - 1").value());
            assertTrue(fresh.lambdasSerializable());
        }
    }

    @Test
    void theWeaverWarmsUpOnAThreadOfItsOwn() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> ran.set(JShellEvaluator.warmUpWeaver()));
        t.start();
        t.join(60_000);
        assertTrue(ran.get(), "the woven sample did not run");
    }
}
