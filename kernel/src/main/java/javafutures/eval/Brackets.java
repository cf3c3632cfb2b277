package javafutures.eval;

/**
 * How many levels deep the end of some Java code is nested in brackets ({@code ( [ {}), skipping
 * comments, string and char literals and text blocks: the indent a console continues an unfinished cell
 * at. A line opens or closes at most one level, as code is indented ({@code run(() -> {} opens one).
 * A lexer this small is enough because only the nesting matters, never the meaning. Stateless.
 */
final class Brackets {
    private Brackets() {
    }

    static int openDepth(String code) {
        int depth = 0;
        int lineStartDepth = 0;
        int level = 0;
        int n = code.length();
        for (int i = 0; i < n; i++) {
            char c = code.charAt(i);
            if (c == '\n') {
                level = Math.max(0, level + Integer.signum(depth - lineStartDepth));
                lineStartDepth = depth;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                int nl = code.indexOf('\n', i);
                if (nl < 0) break;
                i = nl - 1;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                if (end < 0) break;
                i = end + 1;
            } else if (code.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while ((end = code.indexOf("\"\"\"", end)) >= 0 && escaped(code, end)) end++;
                if (end < 0) break;
                i = end + 2;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && code.charAt(j) != c && code.charAt(j) != '\n') j += code.charAt(j) == '\\' ? 2 : 1;
                i = Math.min(j, n);
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
        }
        return Math.max(0, level + Integer.signum(depth - lineStartDepth));
    }

    /**
     * Does the code end inside a text block or a block comment, or with an operator that needs an
     * operand after it ({@code 1 +}, {@code x ->}, {@code a ? b :}, {@code list.})?
     */
    static boolean endsOpen(String code) {
        String s = withoutLineComments(code).strip();
        if (s.isEmpty()) return false;
        int blocks = count(s, "\"\"\"");
        if (blocks % 2 == 1) return true;
        int open = s.lastIndexOf("/*");
        if (open >= 0 && s.indexOf("*/", open + 2) < 0) return true;
        if (s.endsWith("++") || s.endsWith("--")) return false;
        return "+-*/%&|^=<>?:,.!~".indexOf(s.charAt(s.length() - 1)) >= 0;
    }

    private static String withoutLineComments(String code) {
        StringBuilder sb = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            int c = line.indexOf("//");
            sb.append(c >= 0 && !line.substring(0, c).contains("\"") ? line.substring(0, c) : line).append('\n');
        }
        return sb.toString();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) n++;
        return n;
    }

    /** Is the character at i preceded by an odd number of backslashes? */
    private static boolean escaped(String code, int i) {
        int k = i - 1;
        while (k >= 0 && code.charAt(k) == '\\') k--;
        return (i - 1 - k) % 2 == 1;
    }
}
