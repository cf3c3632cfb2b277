package javafutures.eval;

import com.sun.source.util.JavacTask;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Does a finished snippet parse as Java? JShell's {@code analyzeCompletion} only says whether input is
 * finished, and its {@code sourceToSnippets} also resolves names (so {@code f();} with {@code f} not yet
 * declared looks erroneous). Here javac's parser alone, with no name resolution, tries the snippet in
 * each place JShell accepts one: a class member, a statement, an expression, a top-level declaration
 * such as an import. Used for {@code is_complete}; stateless and thread-safe.
 */
final class SyntaxCheck {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private SyntaxCheck() {
    }

    static boolean parses(String snippet) {
        if (JAVAC == null) return true;
        String s = snippet.strip();
        String expr = s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
        return parsesAsUnit("class $W { " + s + "\n}")
                || parsesAsUnit("class $W { void $m() throws Throwable { " + s + "\n;} }")
                || parsesAsUnit("class $W { Object $v = (" + expr + "\n); }")
                || parsesAsUnit(s + "\nclass $W { }");
    }

    private static boolean parsesAsUnit(String source) {
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///W.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        try {
            JavacTask task = (JavacTask) JAVAC.getTask(null, null, diags, List.of("-proc:none"), null, List.of(file));
            task.parse();
        } catch (IOException | RuntimeException e) {
            return false;
        }
        for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) return false;
        }
        return true;
    }
}
