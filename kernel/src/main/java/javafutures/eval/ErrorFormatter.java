package javafutures.eval;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns JShell's diagnostics and exceptions into {@link CellError}s a notebook user can act on:
 * compile errors point at the cell's line and column with the source line and a caret; runtime
 * exceptions show their stack trimmed to the user's code (the JShell and reflection frames below a
 * snippet are noise). Stateless.
 */
final class ErrorFormatter {
    private static final String RED = "\u001b[0;31m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private ErrorFormatter() {
    }

    /** A compile error at {@code position} (UTF-16 index into {@code cell}). */
    static CellError compileError(String cell, List<Diag> diags, int snippetStart) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            String message = d.getMessage(Locale.ROOT);
            long pos = d.getStartPosition() < 0 ? d.getPosition() : d.getStartPosition();
            int at = (int) Math.min(cell.length(), Math.max(0, snippetStart + Math.max(0, pos)));
            int line = 1 + (int) cell.substring(0, at).chars().filter(c -> c == '\n').count();
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

    /** An exception thrown by a snippet. */
    static CellError runtimeError(JShellException e) {
        List<String> lines = new ArrayList<>();
        String ename;
        String evalue;
        if (e instanceof UnresolvedReferenceException) {
            UnresolvedReferenceException u = (UnresolvedReferenceException) e;
            ename = "UnresolvedReferenceException";
            evalue = describe(u);
            lines.add(RED + ename + RESET + ": " + evalue);
            return new CellError(ename, evalue, lines);
        }
        EvalException ee = (EvalException) e;
        String cls = ee.getExceptionClassName();
        ename = cls.substring(Math.max(cls.lastIndexOf('.'), cls.lastIndexOf('$')) + 1);
        evalue = ee.getMessage() == null ? "" : ee.getMessage();
        appendTrace(lines, ee, "");
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

    private static void appendTrace(List<String> lines, JShellException e, String prefix) {
        String cls = e instanceof EvalException ? ((EvalException) e).getExceptionClassName() : e.getClass().getName();
        String msg = e.getMessage();
        lines.add(prefix + RED + cls + RESET + (msg == null ? "" : ": " + msg));
        StackTraceElement[] trace = e.getStackTrace();
        int keep = userFrames(trace);
        for (int i = 0; i < keep; i++) lines.add("    at " + frame(trace[i]));
        if (keep < trace.length) lines.add("    ... " + (trace.length - keep) + " kernel frames");
        if (e.getCause() instanceof JShellException && e.getCause() != e) {
            appendTrace(lines, (JShellException) e.getCause(), "Caused by: ");
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
            String c = trace[i].getClassName();
            if (c.startsWith("java.lang.reflect.") || c.startsWith("jdk.internal.reflect.")
                    || c.startsWith("javafutures.eval.") || c.startsWith("jdk.jshell.")) {
                return i;
            }
        }
        return trace.length;
    }

    private static boolean isSnippetFrame(StackTraceElement f) {
        return (f.getFileName() != null && f.getFileName().startsWith("#")) || f.getClassName().startsWith("REPL.");
    }

    private static String frame(StackTraceElement f) {
        if (isSnippetFrame(f)) {
            String method = f.getMethodName().isEmpty() || f.getMethodName().equals("do_it$") ? "cell" : f.getMethodName();
            String cls = f.getClassName().isEmpty() || f.getClassName().startsWith("REPL.") ? "" : f.getClassName() + ".";
            return cls + method + " (" + f.getFileName() + ":" + f.getLineNumber() + ")";
        }
        return f.toString();
    }

    /** The error a stopped cell gets. */
    static CellError interrupted(CellThreads.StoppedException stop) {
        List<String> lines = new ArrayList<>();
        lines.add(RED + "Interrupted" + RESET + ": " + stop.getMessage());
        if (!stop.abandoned()) {
            lines.add("Tasks this cell submitted to pools keep running; %cancel VAR or future.cancel() stops them.");
        }
        return new CellError(stop.abandoned() ? "InterruptedButStillRunning" : "Interrupted", stop.getMessage(), lines);
    }
}
