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
        for (String ok : new String[]{"1 + 1", "int x = 1;", "void f() { }\nf();", "notDeclaredYet(3);", "import java.io.*;", "record P(int x) { }", ""}) {
            assertEquals("complete", a.isComplete(ok)[0], ok);
        }
        for (String more : new String[]{"for (int i = 0; i < 3; i++) {", "String s = \"a\" +", "int f() {"}) {
            assertEquals("incomplete", a.isComplete(more)[0], more);
        }
        for (String bad : new String[]{"1 +* 2;", "int 1x = 2;", "x = = 1;", "1 2", ")"}) {
            assertEquals("invalid", a.isComplete(bad)[0], bad);
        }
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
