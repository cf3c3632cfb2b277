package javafutures.eval;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns JShell's diagnostics and exceptions into {@link CellError}s a notebook user can act on:
 * compile errors point at the cell's line and column with the source line and a caret; runtime
 * exceptions show their stack in cell terms, as IPython does: a frame of notebook code reads
 * {@code at brokenTask (cell [3], line 2)} (the cell that defined the method, and the line in that cell),
 * the top-level code of a cell {@code at cell [5], line 1}, a lambda {@code at lambda in brokenTask (...)}.
 * The kernel's own frames ({@code TaskFuture.result}, pool threads), reflection and JShell's wrappers
 * are hidden unless {@link Tracebacks.Mode#VERBOSE}. The same holds for exceptions that come back from
 * process workers and cluster members: their snippet classes have the same names. Stateless.
 */
final class ErrorFormatter {
    private static final String RED = "\u001b[0;31m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";
    /** javac's names for lambda bodies: {@code lambda$METHOD$N}, serializable ones {@code lambda$METHOD$HASH$N}. */
    private static final Pattern LAMBDA = Pattern.compile("lambda\\$(.*?)\\$(?:[0-9a-f]{1,8}\\$)?\\d+");

    private ErrorFormatter() {
    }

    /**
     * A compile error at {@code snippetStart} (UTF-16 index into {@code cell}, whose first line is the cell's
     * {@code firstLine}).
     */
    static CellError compileError(String cell, List<Diag> diags, int snippetStart, int firstLine) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            String message = d.getMessage(Locale.ROOT);
            long pos = d.getStartPosition() < 0 ? d.getPosition() : d.getStartPosition();
            int at = (int) Math.min(cell.length(), Math.max(0, snippetStart + Math.max(0, pos)));
            int line = firstLine + (int) cell.substring(0, at).chars().filter(c -> c == '\n').count();
            int lineStart = cell.lastIndexOf('\n', at - 1) + 1;
            int lineEnd = cell.indexOf('\n', at);
            String sourceLine = cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd);
            int column = cell.codePointCount(lineStart, at) + 1;
            String where = "line " + line + ", column " + column;
            if (first == null) first = where + ": " + message;
            lines.add(RED + BOLD + "compile error" + RESET + " at " + where + ": " + message);
            lines.add("    " + sourceLine);
            lines.add("    " + " ".repeat(Math.max(0, column - 1)) + "^");
        }
        if (first == null) first = "the code does not compile";
        return new CellError("CompilationError", first, lines);
    }

    /**
     * An exception thrown by a snippet. {@code raw} is the exception object itself when the kernel has it
     * (JShell's copy keeps frames only up to the last snippet frame); only {@code %xmode verbose} uses it.
     */
    static CellError runtimeError(JShellException e, Throwable raw, SnippetOrigins origins) {
        if (e instanceof UnresolvedReferenceException) {
            UnresolvedReferenceException u = (UnresolvedReferenceException) e;
            String ename = "UnresolvedReferenceException";
            String evalue = describe(u);
            return new CellError(ename, evalue, List.of(RED + ename + RESET + ": " + evalue));
        }
        EvalException ee = (EvalException) e;
        String cls = ee.getExceptionClassName();
        String ename = cls.substring(Math.max(cls.lastIndexOf('.'), cls.lastIndexOf('$')) + 1);
        String evalue = ee.getMessage() == null ? "" : ee.getMessage();
        List<String> lines = new ArrayList<>();
        appendTrace(lines, ee, raw, "", origins, Tracebacks.mode(), 0);
        return new CellError(ename, evalue, lines);
    }

    private static String describe(UnresolvedReferenceException u) {
        String name = u.getSnippet().toString();
        try {
            name = u.getSnippet().name();
        } catch (RuntimeException ignored) {
            // keep toString
        }
        return "'" + name + "' uses something not yet declared; declare it in a cell, then run this again";
    }

    private static void appendTrace(List<String> lines, JShellException e, Throwable raw, String prefix,
                                    SnippetOrigins origins, Tracebacks.Mode mode, int depth) {
        String cls = e instanceof EvalException ? ((EvalException) e).getExceptionClassName() : e.getClass().getName();
        String msg = e.getMessage();
        lines.add(prefix + RED + cls + RESET + (msg == null ? "" : ": " + msg));
        StackTraceElement[] trace = e.getStackTrace();
        if (mode == Tracebacks.Mode.VERBOSE) {
            // JShell's copy is the raw trace cut after the last snippet frame, element for element.
            StackTraceElement[] all = raw != null && raw.getStackTrace().length >= trace.length ? raw.getStackTrace() : trace;
            for (int i = 0; i < all.length; i++) {
                lines.add("    at " + (i < trace.length ? verboseFrame(trace[i], all[i], origins) : all[i].toString()));
            }
        } else if (mode == Tracebacks.Mode.PLAIN) {
            int keep = userFrames(trace);
            for (int i = 0; i < keep; i++) {
                if (!isKernelFrame(trace[i])) lines.add("    at " + frame(trace[i], origins));
            }
        }
        if (e.getCause() instanceof JShellException && e.getCause() != e && depth < 20) {
            Throwable rawCause = raw == null ? null : raw.getCause();
            appendTrace(lines, (JShellException) e.getCause(), rawCause, "Caused by: ", origins, mode, depth + 1);
        }
    }

    /** How many frames to show: up to the last frame of notebook code, else up to the invocation machinery. */
    static int userFrames(StackTraceElement[] trace) {
        int lastUser = -1;
        for (int i = 0; i < trace.length; i++) {
            if (isSnippetFrame(trace[i])) lastUser = i;
        }
        if (lastUser >= 0) return lastUser + 1;
        for (int i = 0; i < trace.length; i++) {
            if (isKernelFrame(trace[i])) return i;
        }
        return trace.length;
    }

    /** The kernel's own code, reflection and JShell: what plain tracebacks leave out. */
    static boolean isKernelFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("javafutures.") || c.startsWith("java.lang.reflect.") || c.startsWith("jdk.internal.reflect.")
                || c.startsWith("java.lang.invoke.") || c.startsWith("jdk.jshell.") || c.startsWith("sun.reflect.");
    }

    private static boolean isSnippetFrame(StackTraceElement f) {
        return (f.getFileName() != null && f.getFileName().startsWith("#")) || f.getClassName().startsWith("REPL.");
    }

    /** A frame as a notebook user reads it: notebook code by cell and line, anything else as Java prints it. */
    static String frame(StackTraceElement f, SnippetOrigins origins) {
        if (!isSnippetFrame(f)) return f.toString();
        String what = codeName(f.getClassName(), f.getMethodName());
        String file = f.getFileName() == null ? "" : f.getFileName();
        SnippetOrigins.Origin o = file.startsWith("#") ? origins.get(file.substring(1)) : null;
        if (o == null) {
            return (what == null ? "cell" : what) + " (" + file + ":" + f.getLineNumber() + ")";
        }
        String where = "cell [" + o.cell() + "], line " + (o.firstLine() + Math.max(1, f.getLineNumber()) - 1);
        return what == null ? where : what + " (" + where + ")";
    }

    private static String verboseFrame(StackTraceElement translated, StackTraceElement raw, SnippetOrigins origins) {
        if (!isSnippetFrame(translated)) return raw.toString();
        return frame(translated, origins) + " [" + raw.getClassName() + "." + raw.getMethodName()
                + ", snippet " + translated.getFileName() + " line " + translated.getLineNumber() + "]";
    }

    /**
     * What a frame of notebook code runs, by JShell's translated names: null for a cell's top-level code
     * (JShell's {@code do_it$}), a method ({@code f}, {@code Counter.add}, {@code new Counter}), or a lambda
     * named by where it is written ({@code lambda}, {@code lambda in f}).
     */
    static String codeName(String className, String method) {
        String cls = className == null || className.startsWith("REPL.") ? "" : displayClass(className);
        if (method == null || method.isEmpty() || method.startsWith("do_it$")) return null;
        Matcher m = LAMBDA.matcher(method);
        if (m.matches()) {
            String in = m.group(1);
            if (in.isEmpty() || in.startsWith("do_it$") || in.equals("static")) return cls.isEmpty() ? "lambda" : "lambda in " + cls;
            if (in.equals("new")) return "lambda in new " + cls;
            return "lambda in " + (cls.isEmpty() ? in : cls + "." + in);
        }
        if (method.equals("<init>")) return "new " + (cls.isEmpty() ? "?" : cls);
        if (method.equals("<clinit>")) return (cls.isEmpty() ? "?" : cls) + " (static initializer)";
        return cls.isEmpty() ? method : cls + "." + method;
    }

    /** {@code Outer$Inner} as {@code Outer.Inner}; an anonymous class ({@code $1}) as {@code (anonymous)}. */
    private static String displayClass(String cls) {
        StringBuilder sb = new StringBuilder();
        for (String part : cls.split("\\$")) {
            if (part.isEmpty()) continue;
            if (sb.length() > 0) sb.append('.');
            sb.append(part.chars().allMatch(Character::isDigit) ? "(anonymous)" : part);
        }
        return sb.toString();
    }

    /** The error a stopped cell gets (the kernel adds what the cell left running in pools). */
    static CellError interrupted(CellThreads.StoppedException stop) {
        List<String> lines = new ArrayList<>();
        lines.add(RED + "Interrupted" + RESET + ": " + stop.getMessage());
        return new CellError(stop.abandoned() ? "InterruptedButStillRunning" : "Interrupted", stop.getMessage(), lines);
    }
}
