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

    /** "complete", "incomplete" (with an indent to continue with), or "invalid", as Jupyter expects. */
    public String[] isComplete(String code) {
        String remaining = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            switch (c) {
                case EMPTY:
                    return new String[]{"complete", ""};
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return new String[]{"incomplete", "    "};
                case UNKNOWN:
                    return new String[]{"invalid", ""};
                default:
                    // analyzeCompletion says whether input is finished, not whether it parses.
                    if (parsesAsErroneous(info.source())) return new String[]{"invalid", ""};
                    if (info.remaining().isBlank()) return new String[]{"complete", ""};
                    remaining = info.remaining();
            }
        }
    }

    private static boolean parsesAsErroneous(String source) {
        return !SyntaxCheck.parses(source);
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
