package javafutures.eval;

import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Evaluates cells with JShell, in the kernel's JVM (see {@link CellExecutionControl}). A cell is split
 * into JShell snippets and evaluated snippet by snippet; evaluation stops at the first compile error,
 * exception or interrupt. The value of a cell is the value of its last snippet when that is an
 * expression.
 *
 * <p>Not thread-safe: the kernel evaluates one cell at a time. {@link #interrupt()} may be called from
 * any thread.
 */
public final class JShellEvaluator implements AutoCloseable {
    /** Imported into every cell, before the user's first line. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.time.*;",
            "import javafutures.futures.*;",
            "import javafutures.process.*;",
            "import javafutures.cluster.*;",
            "import javafutures.pools.*;",
            "import static javafutures.display.Display.*;");

    /**
     * What a cell evaluated to. {@code quiet}: the code ended with {@code ;} (IPython's convention), so the
     * kernel shows no result for it, e.g. {@code 1 + 1;} or {@code System.out.printf(...);}.
     */
    public record Value(Object value, String typeName, boolean quiet) {
        public Value(Object value, String typeName) {
            this(value, typeName, false);
        }
    }

    private final CellExecutionControl control = new CellExecutionControl(kernelClasspath());
    private final JShell jshell;
    private final SourceCodeAnalysis analysis;
    /** Null until checked (see {@link #lambdasSerializable}); read and written by the evaluating thread only. */
    private Boolean lambdasSerializable;
    /** Where {@link #idle} reports a javac that ignored {@code -XDforceSerializable} (the kernel's log). */
    private Consumer<String> kernelLog = text -> { };
    private final SnippetOrigins origins = new SnippetOrigins();
    /** The execution count and first line of the code evaluated now, see {@link #setOrigin}. */
    private int originCell;
    private int originLine = 1;
    private final Unresolved unresolved;
    private final JavacContexts javacContexts;
    /** Where notes about declarations that cannot be used yet go: the cell's stderr, as warnings do. */
    Consumer<String> notes = text -> System.err.print(text);

    public JShellEvaluator() {
        this.jshell = JShell.builder()
                .executionEngine(CellExecutionControl.providerOf(control), java.util.Map.of())
                // javac's hidden option: every lambda compiled in a cell is serializable, so process
                // pools can ship lambdas held in a plain Callable. Checked below: it is unsupported.
                // -g: local-variable names, so an unserializable capture is named in the error.
                .compilerOptions("-XDforceSerializable", "-g")
                .build();
        this.analysis = jshell.sourceCodeAnalysis();
        this.unresolved = new Unresolved(jshell);
        Set<String> kernelPaths = kernelClasspath();
        for (String path : kernelPaths) jshell.addToClasspath(path);
        this.javacContexts = new JavacContexts(jshell, kernelPaths.isEmpty() ? null : kernelPaths.iterator().next());
        for (String imp : DEFAULT_IMPORTS) {
            // Packages of features not present in this build are skipped silently.
            jshell.eval(imp);
        }
    }

    /**
     * True when lambdas written in cells are serializable without casts (javac honoured -XDforceSerializable).
     * The first call evaluates a snippet (then drops it): call it between cells, from the evaluating thread.
     * The kernel checks while idle ({@link #idle}), not at start: the check's compile and run (~70 ms on 2 cores)
     * would delay a notebook's first cell.
     */
    public boolean lambdasSerializable() {
        if (lambdasSerializable == null) lambdasSerializable = checkLambdasSerializable();
        return lambdasSerializable;
    }

    private boolean checkLambdasSerializable() {
        Set<Snippet> before = jshell.snippets().collect(Collectors.toSet());
        int cell = originCell, line = originLine;
        setOrigin(0, 1);
        try { // qualified names: a notebook may have declared its own Object or Runnable
            Value v = eval("((java.lang.Object) (java.lang.Runnable) () -> { }) instanceof java.io.Serializable");
            return Boolean.TRUE.equals(v.value());
        } catch (CellError e) {
            return false;
        } finally {
            jshell.snippets().filter(s -> !before.contains(s)).forEach(jshell::drop);
            setOrigin(cell, line);
        }
    }

    /**
     * Loads and links, off the cell's path, the code that instruments and runs a first snippet (see
     * {@code StopCheckWeaver.warmUp}); the kernel calls it on a thread of its own while JShell starts.
     * Returns whether the woven sample ran (false: nothing warmed, nothing else changed).
     */
    public static boolean warmUpWeaver() {
        return StopCheckWeaver.warmUp();
    }

    /** Where {@link #idle} says that cells' lambdas are not serializable (default: nowhere). */
    public void reportTo(Consumer<String> kernelLog) {
        this.kernelLog = kernelLog;
    }

    /** Where the kernel's own classes are, so cells can compile against the API (they load it through the parent). */
    private static Set<String> kernelClasspath() {
        Set<String> paths = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[]{JShellEvaluator.class, org.dflib.jjava.jupyter.kernel.display.DisplayData.class}) {
            try {
                paths.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | RuntimeException e) {
                // fall back to the class path below
            }
        }
        for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!p.isBlank()) paths.add(p);
        }
        return paths;
    }

    /**
     * Adds jars or directories to what cells compile against and load from (workers: see
     * {@code NotebookClasspath}).
     */
    public void addToClasspath(String path) {
        jshell.addToClasspath(path);
    }

    /**
     * Says where the code of the following {@link #eval} calls comes from: the cell with execution count
     * {@code executionCount} (0: no cell, e.g. the kernel's own code), starting at its line
     * {@code firstLine}. Snippets then remember their cell, so that tracebacks name frames by cell and
     * line ({@code cell [5], line 3}), also after later cells, and compile errors give the cell's line.
     */
    public void setOrigin(int executionCount, int firstLine) {
        this.originCell = executionCount;
        this.originLine = Math.max(1, firstLine);
    }

    /**
     * Evaluates a cell. Returns its value (null when it has none: a declaration, a statement, a void call).
     *
     * @throws CellError for a compile error, an exception thrown by the cell, or an interrupt
     */
    public Value eval(String cell) throws CellError {
        javacContexts.resetIfDue();
        Value last = null;
        int consumed = 0;
        String remaining = cell;
        if (JavaText.isOneStatement(cell)) { // most cells: no parse of ours (see JavaText.isOneStatement)
            int lead = leadingSpace(cell);
            String source = cell.substring(lead).stripTrailing();
            return evalSnippet(cell, source, lead, true);
        }
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) break;
            if (!c.isComplete()) {
                throw incomplete(cell, consumed + leadingSpace(remaining), c);
            }
            // Leading blank lines go: JShell numbers a snippet's lines wrongly after them. Diagnostic
            // positions and stack-trace lines count from the start of what is evaluated.
            int lead = leadingSpace(info.source());
            int start = consumed + lead;
            String source = info.source().substring(lead);
            int used = remaining.length() - info.remaining().length();
            String text = remaining.substring(Math.min(lead, used), used); // as typed (source may add a ';')
            consumed += used;
            remaining = info.remaining();
            last = evalSnippet(cell, source, start, JavaText.endsWithSemicolon(text));
        }
        return last;
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private CellError incomplete(String cell, int start, Completeness c) {
        String what = c == Completeness.UNKNOWN ? "this is not valid Java" : "this statement is not finished";
        int line = lineAt(cell, start);
        String message = "line " + line + ": " + what + " (a missing ';', ')' or '}'?)";
        return new CellError("CompilationError", message, List.of("\u001b[0;31mcompile error\u001b[0m at " + message));
    }

    /** The cell's line (counting from {@link #originLine}) of the UTF-16 index {@code at} of {@code code}. */
    private int lineAt(String code, int at) {
        return originLine + (int) code.substring(0, Math.min(at, code.length())).chars().filter(ch -> ch == '\n').count();
    }

    private Value evalSnippet(String cell, String source, int start, boolean quiet) throws CellError {
        if (CellThreads.executionStopped()) throw ErrorFormatter.interrupted(new CellThreads.StoppedException(false));
        List<SnippetEvent> events = jshell.eval(source);
        javacContexts.evaluated();
        CellThreads.StoppedException stop = control.takeStop();
        Object value = control.takeLastValue();
        Throwable thrown = control.takeLastThrown();
        if (stop != null) throw ErrorFormatter.interrupted(stop);
        Value result = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue; // a snippet recompiled for this one keeps its own cell
            Snippet s = e.snippet();
            if (e.status() == Snippet.Status.REJECTED) {
                List<Diag> diags = jshell.diagnostics(s).collect(Collectors.toList());
                throw unresolved.explain(ErrorFormatter.compileError(cell, diags, start, originLine), diags);
            }
            if (originCell > 0) origins.record(s.id(), originCell, lineAt(cell, start));
            if (e.exception() instanceof UnresolvedReferenceException) {
                throw unresolved.use((UnresolvedReferenceException) e.exception());
            }
            if (e.exception() != null) throw ErrorFormatter.runtimeError(e.exception(), thrown, origins);
            String note = unresolved.note(e, events);
            if (note != null) notes.accept(note);
            if (isExpression(s)) {
                String type = s instanceof VarSnippet ? ((VarSnippet) s).typeName()
                        : ((jdk.jshell.ExpressionSnippet) s).typeName();
                if (!"void".equals(type)) result = new Value(value, type, quiet);
            }
        }
        return result;
    }

    private static boolean isExpression(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION
                || (s.kind() == Snippet.Kind.VAR && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    /**
     * Splits code into what comes before its final expression and that expression (null when the code
     * does not end with one), for magics that turn a cell body into a task returning that value.
     * Nothing is evaluated.
     */
    public String[] splitFinalExpression(String code) {
        String remaining = code;
        int lastStart = -1;
        String lastSource = null;
        int consumed = 0;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == Completeness.EMPTY || !info.completeness().isComplete()) break;
            lastStart = consumed;
            lastSource = info.source();
            consumed += remaining.length() - info.remaining().length();
            remaining = info.remaining();
        }
        if (lastSource == null || !remaining.isBlank()) return new String[]{code, null};
        List<Snippet> snippets = analysis.sourceToSnippets(lastSource);
        // ERRONEOUS: JShell cannot resolve names local to the body (`s + 1` after `int s = 0;` in a
        // %%thread cell); callers compile the split as a candidate and fall back when it does not compile.
        if (snippets.size() != 1 || snippets.get(0).kind() != Snippet.Kind.EXPRESSION
                && snippets.get(0).kind() != Snippet.Kind.ERRONEOUS
                && !(snippets.get(0).kind() == Snippet.Kind.VAR
                     && snippets.get(0).subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND)) {
            return new String[]{code, null};
        }
        String expr = lastSource.strip();
        if (expr.endsWith(";")) expr = expr.substring(0, expr.length() - 1);
        return new String[]{code.substring(0, lastStart), expr};
    }

    /**
     * Upkeep while no cell runs, from the thread that evaluates cells, between cells: the first time, the check
     * of {@link #lambdasSerializable}; drops JShell's javac
     * contexts when half their interval has passed ({@link JavacContexts#resetIfIdleDue}) and builds the new one
     * at once, with an analysis that changes no state, so the next cell does not pay for it (a few hundred ms).
     * A session that never idles (Run All) still drops them inside a cell, at the full interval.
     */
    public void idle() {
        if (lambdasSerializable == null && !lambdasSerializable()) {
            kernelLog.accept("java-futures: javac ignored -XDforceSerializable; process pools need Serializable lambdas");
        }
        if (javacContexts.resetIfIdleDue()) analysis.analyzeType("java.util.List.of(1)", 20);
    }

    /** JShell's javac contexts, dropped now and then (package-private for tests). */
    JavacContexts javacContexts() {
        return javacContexts;
    }

    /** Stops the running cell, if any; returns at once. */
    public void interrupt() {
        control.stop();
    }

    /** Completion, inspection and completeness checks on this JShell's state. */
    public CodeAssist assist() {
        return new CodeAssist(analysis);
    }

    /** Names of the cell variables defined so far (for magics that bind or read variables). */
    public List<String> variableNames() {
        List<String> names = new ArrayList<>();
        jshell.variables().forEach(v -> names.add(v.name()));
        return names;
    }

    @Override
    public void close() {
        jshell.close();
    }
}
