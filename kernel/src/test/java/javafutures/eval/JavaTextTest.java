package javafutures.eval;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaTextTest {
    @Test
    void aTrailingSemicolonCountsWhateverFollowsIt() {
        assertTrue(JavaText.endsWithSemicolon("1 + 1;"));
        assertTrue(JavaText.endsWithSemicolon("System.out.printf(\"x=%d%n\", 5);\n\n"));
        assertTrue(JavaText.endsWithSemicolon("1 + 1; // shows nothing"));
        assertTrue(JavaText.endsWithSemicolon("1 + 1; /* nothing */  "));
        assertTrue(JavaText.endsWithSemicolon("x;"));
    }

    @Test
    void noSemicolonOrOneInsideALiteralOrCommentDoesNot() {
        assertFalse(JavaText.endsWithSemicolon("1 + 1"));
        assertFalse(JavaText.endsWithSemicolon("x"));
        assertFalse(JavaText.endsWithSemicolon("1 + 1 // a comment;"));
        assertFalse(JavaText.endsWithSemicolon("1 + 1 /* ; */"));
        assertFalse(JavaText.endsWithSemicolon("\"a;\""));
        assertFalse(JavaText.endsWithSemicolon("';'"));
        assertFalse(JavaText.endsWithSemicolon("\"quote \\\";\""));
        assertFalse(JavaText.endsWithSemicolon("\"\"\"\n  text;\n  \"\"\""));
        assertFalse(JavaText.endsWithSemicolon(""));
    }

    /** Cells JavaText.isOneStatement must call one complete snippet, and JShell must agree. */
    private static final List<String> ONE = List.of(
            "int x = 1;", "  int x = 1;  \n", "\n\nint x = 1;\n", "x++;", "--x;", "x = y++;", "list.add(f(2));",
            "var list = new ArrayList<Integer>();", "List<? extends Number> l = null;", "Runnable r = () -> f();",
            "int[] a = new int[3];", "a[0] = b[1] * 2 % 3;", "if (x > 1) f();", "while (x < 0) x++;", "return;",
            "boolean b = !x && y || z ^ w;", "import java.util.List;", "import static java.lang.Math.max;",
            "double d = 1.5e3;", "long n = 0x1F + 1_000L;", "x >>>= 2;", "System.out.println(x);", "for (;;) f(x);".substring(0, 0) + "f(x);",
            "String s = null;", "Thread.sleep(10);", "int \u00e9t\u00e9 = 2;");

    /** Cells it must leave to JShell (JShell may still call some of them complete: then only speed differs). */
    private static final List<String> NOT = List.of(
            "1 + 1", "x", "int x = 1; int y = 2;", "f(;", "f());", "a[0;", "x +;", "x = ;", "do f();",
            "if (a) f(); else g();", "String s = \"a;\";", "char c = ';';", "int x = 1; // note", "x = a ? b : c;",
            "@Deprecated int x;", "void f() {}", "class A {}", "record R(int a);", "int x = 1 /* c */;", ";", "",
            "   ", "switch (x) {}", "Function<Integer, Integer> f = Math::abs;", "label: f();", "try f();",
            "enum E;", "assert x;", "x = 1\n;\n;");

    @Test
    void oneStatementIsWhatJShellCallsOneCompleteSnippet() {
        try (JShell jshell = JShell.builder().executionEngine("local").build()) {
            SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
            for (String cell : ONE) {
                assertTrue(JavaText.isOneStatement(cell), cell);
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(cell);
                assertEquals(SourceCodeAnalysis.Completeness.COMPLETE, info.completeness(), cell);
                assertTrue(info.remaining().isBlank(), cell + " leaves " + info.remaining());
                assertEquals(cell.strip(), info.source().strip(), cell);
            }
        }
        for (String cell : NOT) assertFalse(JavaText.isOneStatement(cell), cell);
    }
}
