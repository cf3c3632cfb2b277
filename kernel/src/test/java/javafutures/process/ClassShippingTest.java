package javafutures.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Notebook code in workers: snippet classes compiled the way JShell wraps cells, recorded in SnippetClasses,
 * and tasks that use them. Each test uses fresh wrapper numbers (the registry is global).
 */
class ClassShippingTest {
    private WorkerPool pool;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (pool != null) close(pool);
    }

    private static String w(int n) {
        return "REPL.$JShell$" + n;
    }

    private static String src(int n, String imports, String body) {
        return "package REPL;\nimport java.util.concurrent.*;\nimport java.io.Serializable;\n" + imports
                + "\npublic class $JShell$" + n + " {\n" + body + "\n}\n";
    }

    /** Cells: {@code int base = 40;}, a record, a method using both, a task calling it; plus an unread pool. */
    @Test
    void methodsRecordsAndTopLevelVariablesTravel() throws Exception {
        int a = Snippets.next(), b = Snippets.next(), c = Snippets.next(), d = Snippets.next();
        var l1 = Snippets.load(Map.of(w(a), src(a, "",
                "public static int base;\npublic static Object do_it$() { base = 40; return base; }")), getClass().getClassLoader());
        l1.doIt(w(a));
        var l2 = Snippets.load(Map.of(w(b), src(b, "",
                "public static record Pair(int x, int y) implements Serializable { int sum() { return x + y; } }")), l1);
        var l3 = Snippets.load(Map.of(w(c), src(c, "import static REPL.$JShell$" + a + ".base;\nimport REPL.$JShell$" + b + ".Pair;",
                "public static int addBase(Pair p) { return p.sum() + base; }")), l2);
        var l4 = Snippets.load(Map.of(w(d), src(d, "import static REPL.$JShell$" + c + ".addBase;\nimport REPL.$JShell$" + b + ".Pair;",
                "public static Thread notSerializable = new Thread();\n"
                        + "public static Callable<Integer> task;\n"
                        + "public static Object do_it$() { var p = new Pair(1, 1); task = (Callable<Integer> & Serializable) () -> addBase(p); return task; }")), l3);
        Object task = l4.doIt(w(d));
        PreparedTask prepared = TaskCodec.prepare(task);
        assertEquals(List.of(w(a) + ".base"), prepared.carriedVariables(), "reads base, not notSerializable");
        assertTrue(prepared.classes().classes().size() >= 4, prepared.classes().toString());
        pool = pool(1);
        CompletableTaskListener l = new CompletableTaskListener();
        pool.submit(prepared, l);
        assertEquals(42, get(l), "a worker must see base = 40, not 0");
    }

    /** Changes a task makes to a top-level variable stay in the worker; the next task carries the kernel's value. */
    @Test
    void variablesTravelByValueAtSubmit() throws Exception {
        int a = Snippets.next(), b = Snippets.next();
        var l1 = Snippets.load(Map.of(w(a), src(a, "",
                "public static StringBuilder log;\npublic static int n;\npublic static Object do_it$() { log = new StringBuilder(\"k\"); n = 7; return n; }")),
                getClass().getClassLoader());
        l1.doIt(w(a));
        var l2 = Snippets.load(Map.of(w(b), src(b, "import static REPL.$JShell$" + a + ".*;",
                "public static Callable<String> task() { return (Callable<String> & Serializable) () -> { n++; log.append(\"w\"); return n + \":\" + log; }; }")), l1);
        Callable<?> task = (Callable<?>) Class.forName(w(b), true, l2).getMethod("task").invoke(null);
        pool = pool(1);
        assertEquals("8:kw", get(submit(pool, task)));
        Class.forName(w(a), true, l1).getField("n").setInt(null, 100);
        assertEquals("101:kw", get(submit(pool, task)), "the value at submit travels, worker changes do not come back");
        assertEquals(100, Class.forName(w(a), true, l1).getField("n").getInt(null));
    }

    @Test
    void notebookClassStaticsPersistInTheWorkerBetweenTasks() throws Exception {
        int a = Snippets.next();
        var l1 = Snippets.load(Map.of(w(a), src(a, "",
                "public static class Counter { static int count; }\n"
                        + "public static Callable<Integer> task() { return (Callable<Integer> & Serializable) () -> ++Counter.count; }")),
                getClass().getClassLoader());
        Callable<?> task = (Callable<?>) Class.forName(w(a), true, l1).getMethod("task").invoke(null);
        pool = pool(1);
        assertEquals(1, get(submit(pool, task)));
        assertEquals(2, get(submit(pool, task)));
        assertEquals(3, get(submit(pool, task)));
    }

    /** A class redefined under the same name: tasks submitted before keep the old version, new ones get the new. */
    @Test
    void redefinedClassVersionsCoexistInOneWorker() throws Exception {
        int a = Snippets.next();
        String v1 = src(a, "", "public static int version() { return 1; }\n"
                + "public static Callable<Integer> task() { return (Callable<Integer> & Serializable) () -> version(); }");
        String v2 = v1.replace("return 1;", "return 2;");
        var l1 = Snippets.load(Map.of(w(a), v1), getClass().getClassLoader());
        PreparedTask old = TaskCodec.prepare(Class.forName(w(a), true, l1).getMethod("task").invoke(null));
        var l2 = Snippets.load(Map.of(w(a), v2), getClass().getClassLoader());
        PreparedTask fresh = TaskCodec.prepare(Class.forName(w(a), true, l2).getMethod("task").invoke(null));
        assertNotEquals(old.classes().id(), fresh.classes().id());
        pool = pool(1);
        CompletableTaskListener lf = new CompletableTaskListener();
        CompletableTaskListener lo = new CompletableTaskListener();
        pool.submit(fresh, lf);
        pool.submit(old, lo);
        assertEquals(2, get(lf));
        assertEquals(1, get(lo));
        assertEquals(lf.pid(), lo.pid());
    }

    @Test
    void unserializableTopLevelVariableFailsAtSubmitNamingIt() throws Exception {
        int a = Snippets.next(), b = Snippets.next();
        var l1 = Snippets.load(Map.of(w(a), src(a, "",
                "public static Thread worker;\npublic static Object do_it$() { worker = new Thread(\"t\"); return worker; }")),
                getClass().getClassLoader());
        l1.doIt(w(a));
        var l2 = Snippets.load(Map.of(w(b), src(b, "import static REPL.$JShell$" + a + ".worker;",
                "public static Callable<String> task() { return (Callable<String> & Serializable) () -> worker.getName(); }")), l1);
        Object task = Class.forName(w(b), true, l2).getMethod("task").invoke(null);
        TaskNotSerializableException e = assertThrows(TaskNotSerializableException.class, () -> TaskCodec.prepare(task));
        assertTrue(e.getMessage().contains("`worker`") && e.getMessage().contains("java.lang.Thread")
                && e.getMessage().contains("Fix:"), e.getMessage());
        assertEquals("java.lang.Thread", e.valueType());
    }

    @Test
    void unserializableCaptureFailsAtSubmitNamingThePath() throws Exception {
        int a = Snippets.next();
        var l1 = Snippets.load(Map.of(w(a), src(a, "",
                "public static class Holder implements Serializable { Object socket = new Object(); }\n"
                        + "public static Callable<Integer> task() { Holder h = new Holder(); return (Callable<Integer> & Serializable) () -> h.hashCode(); }")),
                getClass().getClassLoader());
        Object task = Class.forName(w(a), true, l1).getMethod("task").invoke(null);
        TaskNotSerializableException e = assertThrows(TaskNotSerializableException.class, () -> TaskCodec.prepare(task));
        assertEquals("java.lang.Object", e.valueType());
        assertTrue(e.path().contains("captured value #1") && e.path().contains("field socket"), e.path());
        assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
    }

    @Test
    void nonSerializableLambdaFailsAtSubmit() {
        Callable<Integer> plain = () -> 1;
        TaskNotSerializableException e = assertThrows(TaskNotSerializableException.class, () -> TaskCodec.prepare(plain));
        assertTrue(e.getMessage().contains("not serializable"), e.getMessage());
    }
}
