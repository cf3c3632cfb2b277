package javafutures.process;

import javafutures.eval.CellSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A notebook session through a real JShell in this JVM (as the kernel runs it) and a real worker JVM, with the
 * kernel's caches made tiny so that every cell evicts scans and parsed classes and workers forget class sets:
 * each cell's thread and process answers still equal the kernel's, and a lambda kept from the first cell, whose
 * classes were all evicted and forgotten meanwhile, still computes with the versions it captured.
 */
class LongSessionTest {
    private static CellSession session;
    private static int parsedLimit;
    private static int scansLimit;

    @BeforeAll
    static void start() {
        parsedLimit = SnippetScanner.PARSED.limit();
        scansLimit = TaskCodec.SCANS.limit();
        SnippetScanner.PARSED.limit(2);
        TaskCodec.SCANS.limit(1);
        session = CellSession.open("var tp = new ThreadPool(2); var pp = new ProcessPool(1);", "tp.shutdownNow(); pp.shutdownNow();");
    }

    @AfterAll
    static void stop() {
        SnippetScanner.PARSED.limit(parsedLimit);
        TaskCodec.SCANS.limit(scansLimit);
        session.close();
    }

    private static Object eval(String code) {
        return session.eval(code);
    }

    @Test
    void answersStayRightWhileCachesEvictAndWorkersForget() {
        eval("int v = 1; int f(int a) { return a * 2 + 1; } record R(int a, int b) { int sum() { return a + b + 1; } }");
        eval("Callable<Integer> early = () -> f(v) + new R(1, 2).sum();");
        assertEquals(7, eval("pp.submit(early).result()"), "the first cell's lambda, in a worker");
        for (int i = 2; i <= 14; i++) {
            eval("int v = " + i + ";");
            eval("int f(int a) { return a * 2 + " + i + "; }");
            eval("record R(int a, int b) { int sum() { return a + b + " + i + "; } }");
            int expected = 4 * i + 3;
            assertEquals(expected, eval("f(v) + new R(1, 2).sum()"), "the kernel, cell " + i);
            assertEquals(expected, eval("tp.submit(() -> f(v) + new R(1, 2).sum()).result()"), "a thread task, cell " + i);
            assertEquals(expected, eval("pp.submit(() -> f(v) + new R(1, 2).sum()).result()"), "a process task, cell " + i);
            if (i % 4 == 0) eval("System.gc();"); // collects the class sets no scan or task holds: workers forget them
        }
        assertTrue(TaskCodec.SCANS.size() <= 1 && SnippetScanner.PARSED.size() <= 2);
        assertEquals(7, eval("early.call()"), "the first cell's lambda keeps the versions it captured");
        assertEquals(7, eval("tp.submit(early).result()"));
        assertEquals(7, eval("pp.submit(early).result()"), "and so it does in a worker, its classes sent again");
        eval("int v = 100;");
        assertEquals(7, eval("pp.submit(early).result()"), "it reads the variable it was compiled against");
    }
}
