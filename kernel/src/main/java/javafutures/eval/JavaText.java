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

    /** True if the character at {@code at} is preceded by an odd number of backslashes. */
    private static boolean escaped(String s, int at) {
        int k = 0;
        for (int j = at - 1; j >= 0 && s.charAt(j) == '\\'; j--) k++;
        return (k & 1) == 1;
    }
}
