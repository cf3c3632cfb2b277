package javafutures.eval;

import com.sun.source.util.JavacTask;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Does a snippet parse as Java, and if not, did it just stop too early? JShell's {@code analyzeCompletion}
 * only says whether input looks finished (it calls {@code a ? b :} complete), and its
 * {@code sourceToSnippets} also resolves names (so {@code f();} with {@code f} not yet declared looks
 * erroneous). Here javac's parser alone, with no name resolution, tries the snippet in each place JShell
 * accepts one: a class member, a statement, an expression, a top-level declaration such as an import.
 * A snippet none of them accepts is {@link Verdict#UNFINISHED} when, in one of them, javac's first
 * complaint is at the end of the user's text (it wanted more), else {@link Verdict#INVALID}.
 *
 * <p>Used for {@code is_complete}. Thread-safe: calls are serialised, since they share one file manager
 * (a fresh one per parse costs more than the parse).
 */
final class SyntaxCheck {
    /** What javac's parser says of a snippet. */
    enum Verdict { PARSES, UNFINISHED, INVALID }

    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static StandardJavaFileManager files;

    private SyntaxCheck() {
    }

    static boolean parses(String snippet) {
        return check(snippet) == Verdict.PARSES;
    }

    static synchronized Verdict check(String snippet) {
        if (JAVAC == null) return Verdict.PARSES;
        String s = snippet.strip();
        String expr = s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
        // Most snippets parse in the first place tried: statements and declarations end in ';' or '}'.
        boolean statementLike = s.endsWith(";") || s.endsWith("}");
        String[][] wrappers = {
                {"class $W { void $m() throws Throwable { ", s, "\n;} }"},
                {"class $W { ", s, "\n}"},
                {"class $W { Object $v = (", expr, "\n); }"},
                {"", s, "\nclass $W { }"},
        };
        if (!statementLike) wrappers = new String[][]{wrappers[2], wrappers[0], wrappers[1], wrappers[3]};
        boolean unfinished = false;
        for (String[] w : wrappers) {
            long firstError = firstError(w[0] + w[1] + w[2]);
            if (firstError < 0) return Verdict.PARSES;
            if (firstError >= w[0].length() + w[1].length()) unfinished = true;
        }
        return unfinished ? Verdict.UNFINISHED : Verdict.INVALID;
    }

    /** Position of javac's first parse error in source, or -1 when it parses. */
    private static long firstError(String source) {
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///W.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        try {
            if (files == null) files = JAVAC.getStandardFileManager(null, null, null);
            JavacTask task = (JavacTask) JAVAC.getTask(null, files, diags, List.of("-proc:none"), null, List.of(file));
            task.parse();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        long first = -1;
        for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            long at = Math.max(0, d.getPosition());
            if (first < 0 || at < first) first = at;
        }
        return first;
    }
}
