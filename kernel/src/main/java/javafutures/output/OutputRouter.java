package javafutures.output;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes everything user code prints or displays to the cell that caused it: the one place output
 * routing is solved, in the spirit of ipykernel's {@code iostream.py}.
 *
 * <p>Why not jjava's {@code BaseKernel}: it swaps {@code System.out} to the running cell and back, so a
 * background thread's output lands under whichever cell runs next (or is lost between cells). Here
 * {@code System.out}/{@code System.err} are replaced once, at start, by streams that look up the
 * <em>writing thread's</em> target: an inheritable thread-local set on each cell's thread, so threads a
 * cell starts inherit its cell; pool threads, which exist before the cell, get the submitter's target
 * through {@link #bind(Runnable)}.
 *
 * <p>Text is cut at line ends per thread, so lines of concurrent threads never interleave; a partial
 * line is held until its newline, a flush, or {@link #PARTIAL_LINE_DELAY_MS}. A daemon flusher publishes
 * buffered text about {@link #FLUSH_INTERVAL_MS} apart, coalescing many small writes into one message.
 * Thread-safe throughout.
 */
public final class OutputRouter {
    static final long FLUSH_INTERVAL_MS = 50;
    static final long PARTIAL_LINE_DELAY_MS = 100;
    /**
     * {@link #PARTIAL_LINE_DELAY_MS}, which a test of line splitting raises: on a loaded machine a writer
     * may pause longer than 100 ms inside a line, and then its partial line goes out by design.
     */
    static volatile long partialLineDelayMs = PARTIAL_LINE_DELAY_MS;

    private static final InheritableThreadLocal<CellTarget> TARGET = new InheritableThreadLocal<>();
    private static volatile OutputRouter installed;

    private final PrintStream kernelOut;
    private final PrintStream kernelErr;
    private final Set<CellTarget> dirty = ConcurrentHashMap.newKeySet();
    /** Partial lines per writing thread; weak so that dead threads do not pin memory. */
    private final Map<Thread, PartialLine> partial = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * The partial lines that hold text, held strongly (guarded by the lock on {@link #partial}): a line's text
     * must outlive its thread until it goes out. Each snippet of a cell runs on a thread of its own, so the
     * {@code "Name? "} printed by one snippet is taken as the prompt by the next snippet's read, on another
     * thread, after the writer may have ended and been collected (its entry in {@link #partial} with it).
     */
    private final Set<PartialLine> holding = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * {@code holding.size()}, copied under the lock on {@link #partial} whenever it changes, so that
     * {@link #flushThread} can read it without the lock: a pool thread flushes after every task, and almost
     * never has a partial line.
     */
    private volatile int pendingLines;
    private final Thread flusher;

    private static final class PartialLine {
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();
        CellTarget target;
        long since;
        /** In {@link #holding} (a flag, so that a write that leaves it so touches no set). */
        boolean pending;
    }

    private OutputRouter(PrintStream kernelOut, PrintStream kernelErr) {
        this.kernelOut = kernelOut;
        this.kernelErr = kernelErr;
        this.flusher = new Thread(this::flushLoop, "java-futures-output-flusher");
        this.flusher.setDaemon(true);
    }

    /**
     * Replaces {@code System.out} and {@code System.err} with routed streams, once per JVM. Output of
     * threads with no target goes to the original streams (the kernel's log).
     */
    public static synchronized OutputRouter install() {
        if (installed == null) {
            OutputRouter router = new OutputRouter(System.out, System.err);
            System.setOut(new PrintStream(router.stream(false), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(router.stream(true), true, StandardCharsets.UTF_8));
            router.flusher.start();
            installed = router;
        }
        return installed;
    }

    /** The installed router, or null before {@link #install()}. */
    public static OutputRouter get() {
        return installed;
    }

    /** The cell the current thread writes to, or null (kernel threads, threads of no cell). */
    public static CellTarget current() {
        return TARGET.get();
    }

    /** Makes the current thread (and threads it starts from now on) write to {@code target}. */
    public static void setCurrent(CellTarget target) {
        if (target == null) TARGET.remove(); else TARGET.set(target);
    }

    /** Runs {@code body} with the current thread writing to {@code target}, then restores its previous target. */
    public static void runWith(CellTarget target, Runnable body) {
        CellTarget previous = TARGET.get();
        setCurrent(target);
        try {
            body.run();
        } finally {
            OutputRouter router = installed;
            if (router != null) router.flushThread(Thread.currentThread());
            setCurrent(previous);
        }
    }

    /** Wraps {@code body} so that, wherever it runs, it writes to the cell current at this call. */
    public static Runnable bind(Runnable body) {
        CellTarget target = current();
        return () -> runWith(target, body);
    }

    /** Like {@link #bind(Runnable)} for a {@link Callable}. */
    public static <T> Callable<T> bind(Callable<T> body) {
        CellTarget target = current();
        return () -> {
            CellTarget previous = TARGET.get();
            setCurrent(target);
            try {
                return body.call();
            } finally {
                OutputRouter router = installed;
                if (router != null) router.flushThread(Thread.currentThread());
                setCurrent(previous);
            }
        };
    }

    /**
     * Queues {@code text} (whole lines, or a final partial line) as stream output of {@code target}, to be
     * published by the flusher with that cell's other output: for text that arrives from elsewhere than a
     * thread of this JVM, e.g. a worker JVM's output. Never blocks on the front end. Without an installed
     * router the text is published at once.
     */
    public static void appendTo(CellTarget target, boolean stderr, String text) {
        target.appendStream(stderr, text);
        OutputRouter router = installed;
        if (router != null) router.dirty.add(target); else target.flush();
    }

    /** The streams the kernel itself logs to (the process's original stdout/stderr). */
    public PrintStream kernelErr() {
        return kernelErr;
    }

    /**
     * Publishes now everything buffered for {@code target}, including partial lines of threads writing to
     * it. The kernel calls this before it replies to a cell, so a cell's own output precedes its reply.
     */
    public void flush(CellTarget target) {
        synchronized (partial) {
            for (PartialLine line : holding.toArray(new PartialLine[0])) {
                if (line.target == target) movePartial(line);
            }
        }
        target.flush();
        dirty.remove(target);
    }

    /** Moves the calling thread's partial line to its target, e.g. before a display so order is kept. */
    public void flushThread(Thread thread) {
        if (pendingLines == 0) return; // then this thread has none either (see pendingLines)
        PartialLine line = partial.get(thread);
        if (line != null) {
            synchronized (partial) {
                movePartial(line);
            }
        }
    }

    /**
     * Takes the text printed to {@code System.out} for {@code target} since the last newline and not yet
     * published, e.g. {@code "Name? "} before a read of {@code System.in}, which shows it as the input
     * prompt: {@code thread}'s own, else the latest of another thread of that cell (a cell's statements
     * run on threads of their own). Pending stderr text of that thread is published, to keep order. Empty
     * if there is none (text older than {@link #PARTIAL_LINE_DELAY_MS} has gone out as output already).
     */
    public String takePartialLine(Thread thread, CellTarget target) {
        synchronized (partial) {
            PartialLine line = partial.get(thread);
            if (line == null || line.target != target || line.out.length() == 0) {
                line = null;
                for (PartialLine l : holding) {
                    if (l.target == target && l.out.length() > 0 && (line == null || l.since > line.since)) line = l;
                }
            }
            if (line == null) return "";
            String text = line.out.toString();
            line.out.setLength(0);
            movePartial(line);
            return text;
        }
    }

    private OutputStream stream(boolean stderr) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                route(stderr, b, off, len);
            }
        };
    }

    private void route(boolean stderr, byte[] b, int off, int len) {
        CellTarget target = TARGET.get();
        if (target == null) {
            PrintStream log = stderr ? kernelErr : kernelOut;
            log.write(b, off, len);
            log.flush();
            return;
        }
        // '\n' never occurs inside a multi-byte UTF-8 sequence, so cutting at it keeps characters whole.
        String text = new String(b, off, len, StandardCharsets.UTF_8);
        Thread thread = Thread.currentThread();
        synchronized (partial) {
            PartialLine line = partial.computeIfAbsent(thread, t -> new PartialLine());
            if (line.target != target) {
                movePartial(line);
                line.target = target;
            }
            StringBuilder buf = stderr ? line.err : line.out;
            if (buf.length() == 0) line.since = System.nanoTime();
            buf.append(text);
            int cut = buf.lastIndexOf("\n");
            if (cut >= 0) {
                target.appendStream(stderr, buf.substring(0, cut + 1));
                buf.delete(0, cut + 1);
                dirty.add(target);
            }
            count(line);
        }
    }

    /** Keeps {@link #holding} (and its size) in step with {@code line}; caller holds the lock on {@code partial}. */
    private void count(PartialLine line) {
        boolean pending = line.out.length() > 0 || line.err.length() > 0;
        if (pending != line.pending) {
            line.pending = pending;
            if (pending) holding.add(line); else holding.remove(line);
            pendingLines = holding.size();
        }
    }

    /** Caller holds the lock on {@code partial}. */
    private void movePartial(PartialLine line) {
        if (line.target == null) return;
        if (line.out.length() > 0) {
            line.target.appendStream(false, line.out.toString());
            line.out.setLength(0);
            dirty.add(line.target);
        }
        if (line.err.length() > 0) {
            line.target.appendStream(true, line.err.toString());
            line.err.setLength(0);
            dirty.add(line.target);
        }
        count(line);
    }

    private void flushLoop() {
        while (true) {
            try {
                Thread.sleep(FLUSH_INTERVAL_MS);
                long now = System.nanoTime();
                synchronized (partial) {
                    for (PartialLine line : holding.toArray(new PartialLine[0])) {
                        if (now - line.since > partialLineDelayMs * 1_000_000) {
                            movePartial(line);
                        }
                    }
                }
                for (CellTarget target : dirty) {
                    dirty.remove(target);
                    target.flush();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                kernelErr.println("java-futures: output flusher: " + e);
            }
        }
    }
}
