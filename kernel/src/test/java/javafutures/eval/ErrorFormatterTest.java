package javafutures.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Frame names as JShell translates them (class "" for top-level code, method "" for a cell's own code). */
class ErrorFormatterTest {
    @Test
    void codeIsNamedAsWritten() {
        assertNull(ErrorFormatter.codeName("", ""), "a cell's top-level code");
        assertNull(ErrorFormatter.codeName("", "do_it$Aux"), "a variable's initializer");
        assertEquals("ratio", ErrorFormatter.codeName("", "ratio"));
        assertEquals("Counter.add", ErrorFormatter.codeName("Counter", "add"));
        assertEquals("Outer.Inner.run", ErrorFormatter.codeName("Outer$Inner", "run"));
        assertEquals("(anonymous).toString", ErrorFormatter.codeName("$0", "toString"));
        assertEquals("new Counter", ErrorFormatter.codeName("Counter", "<init>"));
    }

    @Test
    void lambdasAreNamedByWhereTheyAreWritten() {
        assertEquals("lambda", ErrorFormatter.codeName("", "lambda$do_it$$f5834b60$5"));
        assertEquals("lambda", ErrorFormatter.codeName("", "lambda$do_it$Aux$be3ebbf3$1"));
        assertEquals("lambda", ErrorFormatter.codeName("", "lambda$do_it$$0"));
        assertEquals("lambda in brokenTask", ErrorFormatter.codeName("", "lambda$brokenTask$0"));
        assertEquals("lambda in brokenTask", ErrorFormatter.codeName("", "lambda$brokenTask$5834b60$2"));
        assertEquals("lambda in C.g", ErrorFormatter.codeName("C", "lambda$g$6b69e588$1"));
    }

    @Test
    void framesOfKnownSnippetsReadAsCellAndLine() {
        SnippetOrigins origins = new SnippetOrigins();
        origins.record("12", 3, 2);
        assertEquals("ratio (cell [3], line 4)",
                ErrorFormatter.frame(new StackTraceElement("", "ratio", "#12", 3), origins));
        assertEquals("cell [3], line 2", ErrorFormatter.frame(new StackTraceElement("", "", "#12", 1), origins));
        assertEquals("ratio (#13:3)", ErrorFormatter.frame(new StackTraceElement("", "ratio", "#13", 3), origins),
                "a snippet of no known cell keeps JShell's name");
        assertEquals("java.base/java.lang.Integer.parseInt(Integer.java:1)", ErrorFormatter.frame(
                new StackTraceElement(null, "java.base", null, "java.lang.Integer", "parseInt", "Integer.java", 1), origins));
    }
}
