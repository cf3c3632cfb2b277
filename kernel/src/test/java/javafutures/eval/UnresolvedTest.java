package javafutures.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Declarations that refer to names not declared yet: the note when one is made, the cause named when it
 * is used too early, silence once the name is declared. Names are distinct per test: one JShell serves all.
 */
class UnresolvedTest {
    static JShellEvaluator jshell;
    final StringBuilder notes = new StringBuilder();

    @BeforeAll
    static void start() {
        jshell = new JShellEvaluator();
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    @BeforeEach
    void captureNotes() {
        jshell.notes = notes::append;
    }

    private String notesOf(String cell) throws CellError {
        notes.setLength(0);
        jshell.eval(cell);
        return notes.toString();
    }

    @Test
    void aVariableOfAnUndeclaredTypeIsNotedAndUsingItNamesTheType() throws Exception {
        assertEquals("created variable bar, however, it cannot be referenced until class foo is declared\n",
                notesOf("foo bar;"));
        CellError e = assertThrows(CellError.class, () -> jshell.eval("bar"));
        assertEquals("CompilationError", e.ename());
        assertTrue(e.evalue().contains("variable bar cannot be referenced until class foo is declared"), e.evalue());
        assertTrue(String.join("\n", e.traceback()).contains("note: variable bar cannot be referenced until class foo is declared"));

        assertEquals("", notesOf("class foo { public String toString() { return \"a foo\"; } }"), "declaring foo is clean");
        assertEquals("", notesOf("bar = new foo();"));
        assertEquals("a foo", String.valueOf(jshell.eval("bar").value()));
    }

    @Test
    void aMethodReadingAnUndeclaredVariableIsNotedAndCallingItNamesTheVariable() throws Exception {
        assertEquals("created method f(), however, it cannot be invoked until variable y is declared\n",
                notesOf("int f() { return y; }"));
        CellError e = assertThrows(CellError.class, () -> jshell.eval("f()"));
        assertEquals("UnresolvedReferenceException", e.ename());
        assertEquals("method f() cannot be invoked until variable y is declared", e.evalue());

        assertEquals("", notesOf("int y = 2;"));
        assertEquals(2, jshell.eval("f()").value());
    }

    @Test
    void classesReferringToUndeclaredNames() throws Exception {
        assertEquals("created class A, however, it cannot be referenced until class B is declared\n",
                notesOf("class A { B b; }"));
        CellError e = assertThrows(CellError.class, () -> jshell.eval("new A()"));
        assertTrue(e.evalue().contains("class A cannot be referenced until class B is declared"), e.evalue());

        assertEquals("created class C, however, it cannot be instantiated or its methods invoked until variable z is declared\n",
                notesOf("class C { int m() { return z; } }"));
        e = assertThrows(CellError.class, () -> jshell.eval("new C().m()"));
        assertEquals("class C cannot be instantiated or its methods invoked until variable z is declared", e.evalue());

        assertEquals("created record R, however, it cannot be referenced until class Undeclared is declared\n",
                notesOf("record R(Undeclared u) { }"));
        assertEquals("created interface I, however, its methods cannot be invoked until variable w is declared\n",
                notesOf("interface I { default int q() { return w; } }"));

        assertEquals("", notesOf("class B { }\nint z = 5;"));
        assertNotNull(jshell.eval("new A()").value());
        assertEquals(5, jshell.eval("new C().m()").value());
    }

    @Test
    void severalMissingNamesAreListedAndACallNamesTheMethodThatWaits() throws Exception {
        assertEquals("created method g(int), however, it cannot be invoked until method h(), variable x1, and class K are declared\n",
                notesOf("int g(int n) { return h() + x1 + new K().k + n; }"));
        assertEquals("created method caller(), however, it cannot be invoked until method h2() is declared\n",
                notesOf("int caller() { return h2(); }"));
        assertEquals("created method h2(), however, it cannot be invoked until variable missing2 is declared\n",
                notesOf("int h2() { return missing2; }"), "declaring h2 is noted for h2 only: caller now waits on h2's needs");
        CellError e = assertThrows(CellError.class, () -> jshell.eval("caller()"));
        assertEquals("method h2() cannot be invoked until variable missing2 is declared", e.evalue(),
                "the failure names the declaration still waiting, and what it waits for");
    }

    @Test
    void editingAndRerunningACell() throws Exception {
        String waiting = "int edited() { return notYet; }";
        assertTrue(notesOf(waiting).startsWith("created method edited()"));
        assertEquals("modified method edited(), however, it cannot be invoked until variable notYet is declared\n",
                notesOf(waiting), "the same cell run again");
        assertEquals("", notesOf("int edited() { return 7; }"), "edited so that it needs nothing undeclared");
        assertEquals(7, jshell.eval("edited()").value());
        assertEquals("modified method edited(), however, it cannot be invoked until variable stillNot is declared\n",
                notesOf("int edited() { return stillNot; }"));
        CellError e = assertThrows(CellError.class, () -> jshell.eval("edited()"));
        assertTrue(e.evalue().contains("variable stillNot"), e.evalue());
    }

    @Test
    void aNoteDoesNotStopTheRestOfTheCell() throws Exception {
        notes.setLength(0);
        JShellEvaluator.Value v = jshell.eval("Later later;\nint after = 40;\nafter + 2");
        assertEquals("created variable later, however, it cannot be referenced until class Later is declared\n", notes.toString());
        assertEquals(42, v.value());
        assertEquals("", notesOf("int plain = 1;\nvoid fine() { }"), "declarations that resolve make no note");
    }
}
