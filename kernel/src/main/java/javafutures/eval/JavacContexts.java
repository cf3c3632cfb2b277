package javafutures.eval;

import jdk.jshell.JShell;

/**
 * Lets JShell's javac start afresh now and then, so that a long session does not keep what javac leaves
 * behind per compilation.
 *
 * <p>JShell compiles every snippet in javac contexts it reuses ({@code JavacTaskPool}). Each compilation
 * builds member closures of the types it checks, and each closure adds a weak listener to the member scope of
 * every class in the type's hierarchy; the list entry (a javac {@code List} node and a {@code WeakReference},
 * 56 bytes) outlives the closure until a symbol is added to that scope, which for a class read from a class
 * file ({@code java.lang.Object}, the pools and futures) never happens. A cell that submits to a pool leaves
 * 100-150 such entries (5-8 KB), plain JShell as much for the same cells, for as long as the context lives:
 * for the whole session. JShell drops its reused contexts when the class path changes
 * ({@code JShell.addToClasspath}); adding an entry that is already there changes nothing else (javac ignores
 * a duplicate entry, the notebook's loader skips the kernel's own entries). So every {@link #interval}
 * snippets the evaluator adds the kernel's own class path entry again. The next compilation then builds a new
 * context, which costs a few hundred milliseconds (more on a busy machine) once: while the kernel is idle
 * (after half the interval, {@link #resetIfIdleDue}, with the new context built at once) unless cells keep
 * coming without a pause (Run All), and then the cell that reaches the interval pays.
 *
 * <p>Property {@code javafutures.javac.resetSnippets}: the interval (default 200; 0 never resets). Used from
 * the thread that evaluates cells; not thread-safe.
 */
final class JavacContexts {
    static final int DEFAULT_INTERVAL = 200;

    private final JShell jshell;
    /** A class path entry JShell already has and the notebook's loader ignores: the kernel's own. */
    private final String knownEntry;
    private int interval = interval(System.getProperty("javafutures.javac.resetSnippets"));
    private int sinceReset;
    private int resets;

    JavacContexts(JShell jshell, String knownEntry) {
        this.jshell = jshell;
        this.knownEntry = knownEntry;
    }

    static int interval(String property) {
        if (property == null) return DEFAULT_INTERVAL;
        try {
            return Math.max(0, Integer.parseInt(property.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_INTERVAL;
        }
    }

    /** Counts one evaluated snippet. */
    void evaluated() {
        sinceReset++;
    }

    /** Drops JShell's reused javac contexts when {@link #interval} snippets were evaluated since the last time. */
    void resetIfDue() {
        resetAfter(interval);
    }

    /**
     * Drops the contexts when at least half of {@link #interval} snippets were evaluated since the last time:
     * for when the kernel is idle, so that in an interactive session the drop (and the next context's
     * build) happens between cells, before {@link #resetIfDue} would make a cell pay for it. True if dropped.
     */
    boolean resetIfIdleDue() {
        return resetAfter(Math.max(1, interval / 2));
    }

    private boolean resetAfter(int snippets) {
        if (interval <= 0 || sinceReset < snippets || knownEntry == null) return false;
        sinceReset = 0;
        resets++;
        jshell.addToClasspath(knownEntry);
        return true;
    }

    /** How many times the contexts were dropped (for tests). */
    int resets() {
        return resets;
    }

    /** For tests: a shorter interval. */
    void interval(int snippets) {
        this.interval = snippets;
    }
}
