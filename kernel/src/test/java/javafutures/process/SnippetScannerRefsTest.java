package javafutures.process;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scan's hand-written record equality (kept off the records' invokedynamic bootstrap) is a record's. */
class SnippetScannerRefsTest {
    @Test
    void methodRefsAreEqualExactlyWhenEveryComponentIs() {
        var a = new SnippetScanner.MethodRef("REPL/$JShell$12", "f", "()I");
        var same = new SnippetScanner.MethodRef(new String("REPL/$JShell$12"), new String("f"), new String("()I"));
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, new SnippetScanner.MethodRef("REPL/$JShell$13", "f", "()I"));
        assertNotEquals(a, new SnippetScanner.MethodRef("REPL/$JShell$12", "g", "()I"));
        assertNotEquals(a, new SnippetScanner.MethodRef("REPL/$JShell$12", "f", "()J"));
        assertNotEquals(a, new SnippetScanner.FieldRef("REPL/$JShell$12", "f"));
        Set<SnippetScanner.MethodRef> seen = new HashSet<>();
        assertTrue(seen.add(a));
        assertTrue(!seen.add(same), "a set sees the same method once");
    }

    @Test
    void fieldRefsAreEqualExactlyWhenEveryComponentIs() {
        var a = new SnippetScanner.FieldRef("REPL.$JShell$12", "x");
        var same = new SnippetScanner.FieldRef(new String("REPL.$JShell$12"), new String("x"));
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, new SnippetScanner.FieldRef("REPL.$JShell$13", "x"));
        assertNotEquals(a, new SnippetScanner.FieldRef("REPL.$JShell$12", "y"));
        assertEquals("FieldRef[owner=REPL.$JShell$12, name=x]", a.toString());
    }
}
