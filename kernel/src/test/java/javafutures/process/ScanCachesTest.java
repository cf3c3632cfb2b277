package javafutures.process;

import javafutures.eval.SnippetClasses;
import javafutures.eval.SnippetClasses.ClassVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The kernel's caches of what tasks need stay bounded as a notebook makes new classes and task shapes, and a
 * task whose entries were dropped is prepared exactly as before: parsed classes ({@code SnippetScanner.PARSED}),
 * task scans ({@code TaskCodec.SCANS}), interned class sets (held only while something can still name them).
 */
class ScanCachesTest {
    private final int parsedLimit = SnippetScanner.PARSED.limit();
    private final int scansLimit = TaskCodec.SCANS.limit();

    @AfterEach
    void restoreLimits() {
        SnippetScanner.PARSED.limit(parsedLimit);
        TaskCodec.SCANS.limit(scansLimit);
    }

    private static String w(int n) {
        return "REPL.$JShell$" + n;
    }

    /**
     * Cells {@code int v0 = 1;} and methods {@code m1 .. m<n>}, each calling the previous one and reading a
     * variable of its own; then a task calling the last: it reaches every wrapper and reads every variable.
     */
    private static Callable<?> chain(int n) throws Exception {
        int first = Snippets.next();
        var loader = Snippets.load(Map.of(w(first), "package REPL;\npublic class $JShell$" + first
                + " {\npublic static int v;\npublic static Object do_it$() { v = 1; return v; }\n}\n"), ScanCachesTest.class.getClassLoader());
        loader.doIt(w(first));
        String previous = "$JShell$" + first + ".v";
        for (int i = 0; i < n; i++) {
            int k = Snippets.next();
            loader = Snippets.load(Map.of(w(k), "package REPL;\nimport java.util.concurrent.*;\nimport java.io.Serializable;\n"
                    + "public class $JShell$" + k + " {\npublic static int x;\n"
                    + "public static int m() { return " + previous + " + x; }\n"
                    + "public static Object do_it$() { x = " + (i + 2) + "; return x; }\n"
                    + "public static Callable<Integer> task() { return (Callable<Integer> & Serializable) () -> m(); }\n}\n"), loader);
            loader.doIt(w(k));
            previous = "$JShell$" + k + ".m()";
        }
        String last = previous.substring(0, previous.indexOf(".m()"));
        return (Callable<?>) Class.forName("REPL." + last, true, loader).getMethod("task").invoke(null);
    }

    private static List<String> names(PreparedTask p) {
        List<String> names = new ArrayList<>();
        for (ClassVersion v : p.classes().classes()) names.add(v.name() + "@" + v.hash());
        return names;
    }

    @Test
    void parsedClassesStayWithinTheLimitAndATaskIsScannedTheSameAfterEvictions() throws Exception {
        Callable<?> task = chain(6);
        PreparedTask unbounded = TaskCodec.prepare(task);
        assertEquals(7, unbounded.classes().classes().size(), unbounded.classes().toString());
        assertEquals(7, unbounded.carriedVariables().size(), unbounded.carriedVariables().toString());

        SnippetScanner.PARSED.limit(3);
        TaskCodec.SCANS.limit(0); // scan again on every submit
        for (int round = 0; round < 3; round++) {
            PreparedTask p = TaskCodec.prepare(task);
            assertTrue(SnippetScanner.PARSED.size() <= 3, "parsed " + SnippetScanner.PARSED.size());
            assertEquals(0, TaskCodec.SCANS.size());
            assertEquals(names(unbounded), names(p));
            assertEquals(unbounded.carriedVariables(), p.carriedVariables());
        }
        assertEquals(task.call(), 1 + 2 + 3 + 4 + 5 + 6 + 7);
    }

    @Test
    void taskScansStayWithinTheLimitAndAnEvictedShapeIsScannedAgain() throws Exception {
        TaskCodec.SCANS.limit(2);
        List<Callable<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) tasks.add(chain(1));
        List<PreparedTask> first = new ArrayList<>();
        for (Callable<?> t : tasks) {
            first.add(TaskCodec.prepare(t));
            assertTrue(TaskCodec.SCANS.size() <= 2, "scans " + TaskCodec.SCANS.size());
        }
        PreparedTask again = TaskCodec.prepare(tasks.get(0));
        assertSame(first.get(0).classes(), again.classes(),
                "its class set is still held by the first task, so the new scan interns the same set");
        assertEquals(first.get(0).carriedVariables(), again.carriedVariables());
        PreparedTask recent = TaskCodec.prepare(tasks.get(4));
        assertSame(first.get(4).classes(), recent.classes());
    }

    @Test
    void classSetsAreInternedWhileHeldAndCollectedOnceNothingCanNameThem() throws Exception {
        int a = Snippets.next();
        Snippets.load(Map.of(w(a), "package REPL;\npublic class $JShell$" + a + " {}\n"), getClass().getClassLoader());
        List<ClassVersion> versions = List.of(SnippetClasses.get(w(a)));
        ClassSet set = ClassSet.of(versions);
        long id = set.id();
        assertSame(set, ClassSet.of(new ArrayList<>(versions)), "equal sets are one set");
        assertTrue(ClassSet.isLive(id));
        assertTrue(ClassSet.isLive(0), "the empty set is always live");
        long collectedBefore = ClassSet.collected();
        WeakReference<ClassSet> ref = new WeakReference<>(set);
        set = null;
        awaitCollected(ref);
        assertFalse(ClassSet.isLive(id), "a collected set's id is dead");
        for (int i = 0; i < 500 && ClassSet.collected() == collectedBefore; i++) Thread.sleep(10); // enqueued soon after
        assertTrue(ClassSet.collected() > collectedBefore, "counted as collected");
        ClassSet again = ClassSet.of(versions);
        assertNotEquals(id, again.id(), "a set made again gets a new id: workers forgot the old one");
    }

    static void awaitCollected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 200 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "not collected");
    }
}
