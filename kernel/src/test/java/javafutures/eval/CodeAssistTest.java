package javafutures.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CodeAssistTest {
    static JShellEvaluator jshell;

    @BeforeAll
    static void start() {
        jshell = new JShellEvaluator();
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    @Test
    void isCompleteSeparatesFinishedUnfinishedAndInvalid() {
        CodeAssist a = jshell.assist();
        for (String ok : new String[]{"1 + 1", "int x = 1;", "int x = 1", "void f() { }\nf();", "notDeclaredYet(3);",
                "import java.io.*;", "record P(int x) { }", "", "// just a comment", "a ? b : c",
                "String t = \"\"\"\n  text\n  \"\"\";", "int x = 1;\nint y = x +\n    2;"}) {
            assertEquals("complete", a.isComplete(ok).status(), ok);
        }
        String[] unfinished = {"for (int i = 0; i < 3; i++) {", "String s = \"a\" +", "int f() {",
                "String t = \"\"\"\n  an open text block", "int x =", "1 +", "x &&", "Math.max(1,", "Math.max(1, 2",
                "int x = (1 + 2", "list.stream().map(x ->", "a ? b :", "a ? b", "/* an open comment", "int[] a = {1,",
                "x.", "int a = 1;\nint b =", "if (ready)", "class A extends", "var q = switch (x) {"};
        for (String more : unfinished) {
            assertEquals("incomplete", a.isComplete(more).status(), more);
        }
        for (String bad : new String[]{"1 +* 2;", "int 1x = 2;", "x = = 1;", "1 2", ")", "}", "else", "\"abc",
                "String s = \"abc", "'a", "foo bar baz;", "int x = 1 2;", "a ? b :\nint c = 1;"}) {
            assertEquals("invalid", a.isComplete(bad).status(), bad);
        }
    }

    @Test
    void anUnfinishedCellContinuesAtTheDepthOfItsOpenBrackets() {
        CodeAssist a = jshell.assist();
        assertEquals("    ", a.isComplete("int f() {").indent());
        assertEquals("        ", a.isComplete("int f() {\n    if (x) {").indent());
        assertEquals("    ", a.isComplete("int x =").indent(), "a continuation line");
        assertEquals("    ", a.isComplete("String s = \"{(\" + // ({[\n  /* { */ \"}\" +").indent(),
                "brackets in strings and comments do not count");
        assertEquals("        ", a.isComplete("void g() {\n    run(() -> {").indent());
    }

    @Test
    void withoutJShellTheTextAloneAnswersWhenItIsSure() {
        for (String more : new String[]{"int f(int x) {", "1 +", "Math.max(1,", "list.forEach(x ->", "a ? b :",
                "String t = \"\"\"\n  text", "/* open", "x. // a comment after the dot"}) {
            assertEquals("incomplete", CodeAssist.isCompleteByText(more).status(), more);
        }
        for (String run : new String[]{"6 * 7", "int f(int x) {\n    return x;\n}", "1 +* 2", "i++", "x--",
                "String s = \"(\"; // {", "var url = \"http://a/b\";"}) {
            assertEquals("unknown", CodeAssist.isCompleteByText(run).status(), run + ": JShell will say");
        }
        assertEquals("complete", CodeAssist.isCompleteByText("   ").status());
    }

    @Test
    void inspectFindsAMethodWithOrWithoutItsParenthesis() {
        CodeAssist a = jshell.assist();
        assertTrue(a.inspect("Math.max", 8, false).contains("max("), "cursor after the name");
        assertTrue(a.inspect("Math.max(1, 2)", 6, false).contains("max("), "cursor inside the name");
        assertTrue(a.inspect("Math.max(", 9, false).contains("max("), "cursor after '('");
        assertEquals("", a.inspect("    ", 2, false));
    }

    @Test
    void completionCountsCodePointsLikeJupyter() {
        CodeAssist a = jshell.assist();
        String code = "\"\uD83D\uDE00\".toUpp";
        int cursor = code.codePointCount(0, code.length());
        CodeAssist.Completion c = a.complete(code, cursor);
        assertTrue(c.matches().stream().anyMatch(m -> m.startsWith("toUpperCase")), c.matches().toString());
        assertEquals(cursor - "toUpp".length(), c.start(), "start in code points, after a surrogate pair");
        assertEquals(cursor, c.end());
    }
}
