package javafutures.eval;

/** Small lexical questions about Java source text, answered without a parser. Stateless. */
final class JavaText {
    private JavaText() {
    }

    /**
     * True when the last token of {@code code} (comments and whitespace aside) is a {@code ;}: IPython's
     * rule for hiding a cell's value, which in Java means an expression statement written with its
     * semicolon ({@code 1 + 1;}, {@code list.add(3);}) shows nothing, while {@code 1 + 1}, {@code x} or
     * {@code f()} without one show their value. Semicolons inside strings, characters, text blocks and
     * comments do not count.
     */
    static boolean endsWithSemicolon(String code) {
        char last = 0;
        int n = code.length();
        int i = 0;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                int nl = code.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' && code.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !(code.startsWith("\"\"\"", end) && !escaped(code, end))) end++;
                i = Math.min(n, end + 3);
                last = '"';
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && code.charAt(end) != '\n' && !(code.charAt(end) == c && !escaped(code, end))) end++;
                i = end + 1;
                last = c;
            } else {
                if (!Character.isWhitespace(c)) last = c;
                i++;
            }
        }
        return last == ';';
    }

    /** Words that make a one-line statement need more (a {@code do} its {@code while}) or be no statement alone. */
    private static final java.util.Set<String> NOT_ALONE = java.util.Set.of(
            "do", "else", "try", "catch", "finally", "switch", "case", "default", "yield", "class", "interface",
            "enum", "record", "sealed", "non", "permits", "module", "package", "assert");

    /**
     * True when {@code code} is plainly one complete snippet: a single statement, declaration or expression
     * statement ending in its only {@code ;} ({@code int x = 1;}, {@code list.add(f(2));}, {@code x++;}), with
     * balanced {@code ()}/{@code []}, no braces, literals of characters or strings, comments, annotations,
     * colons or slashes, and none of the words that need more than one statement ({@link #NOT_ALONE}).
     * JShell's {@code analyzeCompletion} says COMPLETE, with no remainder, for every such text; the kernel
     * asks it only about the rest, because a parse of its own costs about a millisecond per cell (a tenth of
     * a trivial cell's own overhead). False says nothing: ask JShell.
     */
    static boolean isOneStatement(String code) {
        int end = code.length();
        while (end > 0 && Character.isWhitespace(code.charAt(end - 1))) end--;
        if (end < 2 || code.charAt(end - 1) != ';') return false;
        int depth = 0;
        int wordStart = -1;
        char before = 0; // the last non-blank character before the ';'
        for (int i = 0; i < end - 1; i++) {
            char c = code.charAt(i);
            boolean word = Character.isJavaIdentifierPart(c) && c != 0 && !Character.isIdentifierIgnorable(c);
            if (word) {
                if (wordStart < 0) wordStart = i;
            } else if (wordStart >= 0) {
                if (NOT_ALONE.contains(code.substring(wordStart, i))) return false;
                wordStart = -1;
            }
            if (!Character.isWhitespace(c)) before = c;
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                if (--depth < 0) return false;
            } else if (!word && !Character.isWhitespace(c) && "=+-*%<>!&|^~?.,".indexOf(c) < 0) {
                return false; // ; { } " ' / \ @ : # and anything unusual
            }
        }
        if (wordStart >= 0 && NOT_ALONE.contains(code.substring(wordStart, end - 1))) return false;
        if (depth != 0) return false;
        boolean operand = Character.isJavaIdentifierPart(before) || before == ')' || before == ']';
        boolean incDec = end >= 3 && (code.startsWith("++", end - 3) || code.startsWith("--", end - 3));
        return operand || incDec;
    }

    /** True if the character at {@code at} is preceded by an odd number of backslashes. */
    private static boolean escaped(String s, int at) {
        int k = 0;
        for (int j = at - 1; j >= 0 && s.charAt(j) == '\\'; j--) k++;
        return (k & 1) == 1;
    }
}
