package javafutures.kernel;

import javafutures.eval.CodeAssist;
import javafutures.eval.JShellEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellCompletenessTest {
    static JShellEvaluator jshell;

    @BeforeAll
    static void start() {
        jshell = new JShellEvaluator();
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    private static String status(String cell) {
        return CellCompleteness.check(cell, jshell::assist).status();
    }

    @Test
    void aCellMagicNeedsABodyAndEndsAtABlankLine() {
        for (String head : new String[]{"%%thread", "%%process v", "%%time", "%%nosuchmagic", "  %%thread --name t"}) {
            assertEquals("incomplete", status(head), head);
            assertEquals("incomplete", status(head + "\n"), head + ": a blank line but still no body");
            assertEquals("incomplete", status(head + "\nSystem.out.println(1);"), head + ": the body may go on");
            assertEquals("incomplete", status(head + "\nint a = 1;\nint b = 2;"), head);
            assertEquals("complete", status(head + "\nint a = 1;\nint b = 2;\n"), head + ": ended by a blank line");
            assertEquals("complete", status(head + "\nint a = 1;\n   \n"), head);
        }
        assertEquals("complete", status("%%thread?"), "help needs no body");
        assertEquals("complete", status("%%thread\n<xml>not java</xml>\n"), "a body need not be Java");
    }

    @Test
    void lineMagicsAreCompleteLinesAndTheJavaAroundThemIsChecked() {
        assertEquals("complete", status("%lsmagic"));
        assertEquals("complete", status("%time 1 + 1"));
        assertEquals("complete", status("%futures\n%pool"));
        assertEquals("incomplete", status("%lsmagic\nint f() {"));
        assertEquals("complete", status("%lsmagic\nint f() {\n    return 1;\n}"));
        assertEquals("invalid", status("%lsmagic\nx = = 1;"));
    }

    @Test
    void plainJavaIsAskedOfJShellOrOfTheTextWhileJShellStarts() {
        assertEquals("incomplete", status("int x ="));
        assertEquals("complete", status("int x = 1;"));
        assertEquals("invalid", status("x = = 1;"));
        assertEquals("", CellCompleteness.check("", () -> null).indent());
        assertEquals("unknown", CellCompleteness.check("6 * 7", () -> null).status(), "the console runs it");
        assertEquals("incomplete", CellCompleteness.check("int f() {", () -> null).status());
        assertEquals("incomplete", CellCompleteness.check("%%thread", () -> null).status(), "magics need no JShell");
        assertEquals("unknown", CellCompleteness.check("x = = 1;", () -> null).status());
    }
}
