package javafutures.eval;

import org.junit.jupiter.api.Test;

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
}
