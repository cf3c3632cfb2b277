package javafutures.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Dropping JShell's javac contexts now and then ({@link JavacContexts}) changes nothing a notebook sees: what
 * cells declared before a reset compiles and runs after it, redefinitions still replace, the default imports
 * and the kernel's API still resolve, lambdas stay serializable, and a compile error is still one.
 */
class JavacContextsTest {
    private static JShellEvaluator jshell;

    @BeforeAll
    static void start() {
        jshell = new JShellEvaluator();
        jshell.javacContexts().interval(2); // a reset before nearly every cell
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    private static Object eval(String code) {
        try {
            JShellEvaluator.Value v = jshell.eval(code);
            return v == null ? null : v.value();
        } catch (CellError e) {
            throw new AssertionError(code + " failed: " + e.ename() + ": " + e.evalue(), e);
        }
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
