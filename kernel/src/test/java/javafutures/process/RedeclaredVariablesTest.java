package javafutures.process;

import javafutures.eval.CellSession;
import javafutures.eval.SnippetClasses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every form of redefinition JShell has, through a real JShell in this JVM (as the kernel runs it) and real
 * worker and member JVMs: after each edit, a task computes in a process worker and in a cluster member
 * exactly what the same expression computes in the kernel, and that is the value the notebook now holds.
 * JShell gives a replaced snippet a new wrapper class ({@code $JShell$12} becomes {@code $JShell$12B}).
 */
class RedeclaredVariablesTest {
    private static CellSession session;

    @BeforeAll
    static void start() {
        session = CellSession.open("var procs = new ProcessPool(1);\nvar members = ClusterPool.local(1);",
                "procs.shutdownNow(); members.shutdownNow();");
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static Object eval(String code) {
        return session.eval(code);
    }

    /**
     * {@code expr} in a worker, in a member (first, so that a stateful expression sees the kernel's state), then
     * in the kernel: all equal {@code expected}.
     */
    private static void same(String expr, Object expected) {
        Object worker = eval("procs.submit(() -> " + expr + ").result()");
        Object member = eval("members.submit(() -> " + expr + ").result()");
        Object kernel = eval(expr);
        assertEquals(expected, kernel, "the kernel's own answer to " + expr);
        assertEquals(kernel, worker, "a process worker's answer to " + expr);
        assertEquals(kernel, member, "a cluster member's answer to " + expr);
    }

    @Test
    void aReDeclaredVariableTravelsWithItsNewValue() {
        eval("int factor = 3;");
        same("factor * 10", 30);
        eval("int factor = 4;");
        same("factor * 10", 40);
        eval("int factor = 5;"); // a third wrapper, $JShell$NC
        same("factor * 10", 50);
        eval("String word = \"one\";");
        eval("String word = \"two\";");
        same("word + \"!\"", "two!");
        eval("int[] counts = {1, 2};");
        eval("int[] counts = {7, 8, 9};");
        same("counts.length * 100 + counts[0]", 307);
    }

    @Test
    void aVariableWhoseTypeChangesTravelsWithItsNewTypeAndValue() {
        eval("int unit = 3;");
        same("unit + 1", 4);
        eval("String unit = \"kg\";");
        same("unit + 1", "kg1");
        eval("double unit = 2.5;");
        same("unit * 2", 5.0);
    }

    @Test
    void aMethodReadingAReDeclaredVariableSeesItsNewValue() {
        eval("int offset = 1;");
        eval("int bump(int x) { return x + offset; }");
        same("bump(10)", 11);
        eval("int offset = 2;"); // bump is recompiled against the new wrapper: $JShell$NB
        same("bump(10)", 12);
        eval("int bump(int x) { return x + offset * 100; }"); // redefined, reading the re-declared variable
        same("bump(10)", 210);
        eval("int offset = 3;");
        same("bump(10)", 310);
    }

    @Test
    void aMethodWhoseSignatureChangesIsCalledInItsNewForm() {
        eval("int base = 6;");
        eval("int scaled(int x) { return x * base; }");
        same("scaled(2)", 12);
        eval("long scaled(int x) { return x * base * 1000L; }"); // same key, new return type
        same("scaled(2)", 12000L);
        eval("String scaled(int x, String unit) { return x * base + unit; }"); // a new overload beside it
        same("scaled(2, \"m\") + scaled(1)", "12m6000");
        eval("int base = 7;"); // both overloads recompile together, in one wrapper ($JShell$N_M)
        same("scaled(2, \"m\") + scaled(1)", "14m7000");
    }

    @Test
    void aClassOrRecordRedefinedTwiceIsUsedInItsLatestForm() {
        eval("int weight = 2;");
        eval("record Box(int a) implements java.io.Serializable { int size() { return a * weight; } }");
        same("new Box(5).size()", 10);
        eval("record Box(int a, int b) implements java.io.Serializable { int size() { return (a + b) * weight; } }");
        same("new Box(5, 1).size()", 12);
        eval("record Box(int a, int b) implements java.io.Serializable { int size() { return a * b * weight; } }");
        same("new Box(5, 2).size()", 20);
        eval("int weight = 3;");
        same("new Box(5, 2).size()", 30);
        same("new Box(5, 2)", eval("new Box(5, 2)")); // a record result comes back as the kernel's class
    }

    @Test
    void variablesReadOnlyByCodeThatAValueBringsTravelToo() {
        // The task reads `source` and calls Supplier.get: which code runs is known only from the value
        // (an instance of a notebook class, a lambda in a list), and that code reads `rate`.
        eval("int rate = 2;");
        eval("class Rated implements Supplier<Integer>, java.io.Serializable { public Integer get() { return rate * 100; } }");
        eval("Supplier<Integer> source = new Rated();");
        same("source.get()", 200);
        eval("int rate = 3;"); // `source` still holds an instance of the old class, reading the old `rate`
        same("source.get()", 200);
        eval("Supplier<Integer> source = new Rated();");
        same("source.get()", 300);
        eval("List<Supplier<Integer>> suppliers = new ArrayList<>(List.of(() -> rate + 1));");
        same("suppliers.get(0).get()", 4);
        eval("int rate = 9;");
        same("suppliers.get(0).get()", 4); // the lambda was compiled against the old `rate`
        eval("suppliers.add(() -> rate + 1);");
        same("suppliers.get(0).get() + suppliers.get(1).get()", 14);
    }

    @Test
    void mapChunksCarryReDeclaredVariables() {
        eval("int per = 10;");
        assertEquals(eval("List.of(1, 2, 3).stream().map(x -> x * per).toList()"),
                eval("procs.map(x -> x * per, List.of(1, 2, 3), 2).toList()"));
        eval("int per = 100;");
        assertEquals(java.util.List.of(100, 200, 300), eval("procs.map(x -> x * per, List.of(1, 2, 3), 2).toList()"));
        eval("String per = \"p\";");
        assertEquals(java.util.List.of("p1", "p2"), eval("procs.map(x -> per + x, List.of(1, 2)).toList()"));
    }

    /**
     * A redefinition JShell tries first (same class name) and the local engine refuses must not change what
     * workers get.
     */
    @Test
    void aRefusedRedefinitionLeavesTheShippedBytesAsTheKernelRunsThem() {
        eval("int level = 1;");
        eval("int lift(int x) { return x + level; }");
        Map<String, String> before = hashes();
        eval("int level = 2;");
        Map<String, String> after = hashes();
        before.forEach((name, hash) -> assertEquals(hash, after.get(name), name + " changed after a redefinition"));
        var added = new java.util.TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        assertTrue(added.stream().anyMatch(n -> n.matches("REPL\\.\\$JShell\\$\\d+[B-Z]+")),
                "the new versions are classes of new names: " + added);
    }

    private static Map<String, String> hashes() {
        Map<String, String> m = new TreeMap<>();
        SnippetClasses.snapshot().forEach((k, v) -> m.put(k, v.hash()));
        return m;
    }

    @Test
    void wrapperNamesOfEveryFormAreRecognised() {
        for (String w : new String[]{"REPL.$JShell$12", "REPL.$JShell$12B", "REPL.$JShell$12C", "REPL.$JShell$12BA",
                "REPL.$JShell$13_20", "REPL.$JShell$13B_20C"}) {
            assertTrue(SnippetScanner.isWrapper(w), w);
        }
        for (String n : new String[]{"REPL.$JShell$12$Box", "REPL.$JShell$12B$Box", "REPL.Other", "$JShell$12",
                "javafutures.process.ProcessPool"}) {
            assertFalse(SnippetScanner.isWrapper(n), n);
        }
    }
}
