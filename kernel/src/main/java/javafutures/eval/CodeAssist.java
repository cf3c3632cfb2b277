package javafutures.eval;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tab completion, Shift-Tab inspection and the console's "is this complete?" on a JShell's state.
 * Positions in and out are in code points, as Jupyter counts them; JShell counts UTF-16 units.
 * Stateless apart from the analysis it wraps; used from the kernel's shell thread.
 */
public final class CodeAssist {
    private final SourceCodeAnalysis analysis;

    CodeAssist(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /** Completion matches and the code-point range they replace. */
    public record Completion(List<String> matches, int start, int end) {
    }

    public Completion complete(String code, int cursorCodePoints) {
        int cursor = toUtf16(code, cursorCodePoints);
        int segment = segmentStart(code, cursor);
        String text = code.substring(segment, cursor);
        int[] anchor = new int[1];
        Set<String> matches = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(text, text.length(), anchor)) {
            matches.add(s.continuation());
        }
        int start = segment + anchor[0];
        return new Completion(new ArrayList<>(matches), code.codePointCount(0, start), cursorCodePoints);
    }

    /** Signatures and javadoc of what is at the cursor; empty when nothing is known there. */
    public String inspect(String code, int cursorCodePoints, boolean detail) {
        int cursor = toUtf16(code, cursorCodePoints);
        int segment = segmentStart(code, cursor);
        String text = code.substring(segment, cursor);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(text, text.length(), true);
        if (docs.isEmpty()) {
            // JShell documents a method only once its '(' is written: on "Math.max|" or "Math.m|ax(1, 2)"
            // ask again as if the call were opened after the identifier under the cursor.
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
            String opened = code.substring(segment, end) + "(";
            docs = analysis.documentation(opened, opened.length(), true);
        }
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                String doc = d.javadoc().strip();
                if (!detail && doc.length() > 1500) doc = doc.substring(0, 1500) + " …";
                sb.append("\n").append(doc);
            }
        }
        return sb.toString();
    }

    /**
     * Jupyter's answer to "is this code finished?": {@code complete}, {@code incomplete} (with the indent
     * to continue with), {@code invalid} (javac cannot parse it, whatever follows), or {@code unknown}.
     */
    public record IsComplete(String status, String indent) {
        public static final IsComplete COMPLETE = new IsComplete("complete", "");
        public static final IsComplete INVALID = new IsComplete("invalid", "");
        public static final IsComplete UNKNOWN = new IsComplete("unknown", "");

        /** Incomplete code, continued at the indent its open brackets ask for. */
        public static IsComplete incomplete(String code) {
            return new IsComplete("incomplete", " ".repeat(4 * Math.max(1, Brackets.openDepth(code))));
        }
    }

    /**
     * Is this Java finished, by JShell's analysis of the cell's snippets? Unfinished: an open brace or
     * parenthesis, a text block, a comment, a trailing operator, {@code int x =}, {@code a ? b :}.
     * Invalid: anything javac's parser rejects, including a string literal left open at the end of a
     * line (a plain string cannot continue on the next one).
     */
    public IsComplete isComplete(String code) {
        String remaining = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case EMPTY:
                    return IsComplete.COMPLETE;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return IsComplete.incomplete(code);
                case UNKNOWN:
                    return IsComplete.INVALID;
                default:
                    // analyzeCompletion says whether input looks finished, not whether it parses.
                    boolean last = info.remaining().isBlank();
                    switch (SyntaxCheck.check(info.source())) {
                        case INVALID:
                            return IsComplete.INVALID;
                        case UNFINISHED:
                            return last ? IsComplete.incomplete(code) : IsComplete.INVALID;
                        default:
                            if (last) return IsComplete.COMPLETE;
                    }
                    remaining = info.remaining();
            }
        }
    }

    /**
     * The same question without JShell, for the moment while JShell starts, answered at once from the
     * text alone (javac's parser would take a second or more while it is cold, and the console gives up
     * on a kernel that takes that long): {@code incomplete} for open brackets, an open text block or
     * comment, or a trailing operator; otherwise {@code unknown}, and the kernel says more when it runs.
     */
    public static IsComplete isCompleteByText(String code) {
        if (code.isBlank()) return IsComplete.COMPLETE;
        if (Brackets.openDepth(code) > 0 || Brackets.endsOpen(code)) return IsComplete.incomplete(code);
        return IsComplete.UNKNOWN;
    }

    /** Start of the snippet that contains {@code cursor}: completion works on one snippet at a time. */
    private int segmentStart(String code, int cursor) {
        int consumed = 0;
        String remaining = code.substring(0, cursor);
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete() || info.remaining().isBlank()) break;
            consumed += remaining.length() - info.remaining().length();
            remaining = info.remaining();
        }
        return consumed;
    }

    private static int toUtf16(String code, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, cp);
    }
}
