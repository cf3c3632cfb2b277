package javafutures.table;

import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders futures as a status table: a summary line ({@code 3 of 5 done, 1 failed · 2 running}), a slim
 * progress bar, and one row per future (name, pool, worker, state, elapsed, result or error), as
 * {@code text/html} with an aligned {@code text/plain} twin. Beyond {@link #MAX_ROWS} rows the rest is
 * one {@code … N more} row; the summary always counts every future.
 *
 * <p>The HTML uses inline styles only (they survive notebook sanitizers), inherits the front end's text
 * colour and font, colours states with translucent backgrounds (readable on light and dark themes), and
 * keeps fixed column widths and tabular digits so that live updates do not make the layout jump. Every
 * value is HTML-escaped. Stateless and thread-safe; it reads each future once per render, never blocking.
 */
public final class FutureTable {
    /** Rows shown before the {@code … N more} row. */
    public static final int MAX_ROWS = 30;
    /** Characters of a result or error kept (the HTML cell may show fewer, with an ellipsis; hover shows these). */
    static final int RESULT_CHARS = 200;
    private static final int PLAIN_RESULT_CHARS = 60;

    /** A future and the label its row shows (its name, or e.g. the key it had in a map). */
    public record Row(String label, TaskFuture<?> future) {
    }

    /** How many futures are in each state; {@code progress} grows with every state change. */
    record Counts(int total, int pending, int running, int finished, int failed, int cancelled, long progress) {
        int done() {
            return finished + failed + cancelled;
        }

        boolean allDone() {
            return done() == total;
        }
    }

    private FutureTable() {
    }

    /** A static table of {@code futures} as of now. */
    public static Map<String, String> render(List<? extends TaskFuture<?>> futures) {
        List<Row> rows = new ArrayList<>(futures.size());
        for (TaskFuture<?> f : futures) rows.add(new Row(f.name(), f));
        return render(rows, MAX_ROWS, FutureTable::resultText);
    }

    /** A short one-line text for a task's value, as a status table or {@code toString()} shows it. */
    public static String summary(Object value, int maxChars) {
        return value instanceof Throwable ? Cells.error((Throwable) value, maxChars) : Cells.value(value, maxChars);
    }

    static Counts count(List<Row> rows) {
        return countStates(states(rows));
    }

    /** Every row's state, read once: the summary and the rows of one rendering must tell the same story. */
    private static List<TaskState> states(List<Row> rows) {
        List<TaskState> states = new ArrayList<>(rows.size());
        for (Row r : rows) states.add(r.future().state());
        return states;
    }

    private static Counts countStates(List<TaskState> states) {
        int pending = 0, running = 0, finished = 0, failed = 0, cancelled = 0;
        for (TaskState state : states) {
            switch (state) {
                case PENDING: pending++; break;
                case RUNNING: running++; break;
                case FINISHED: finished++; break;
                case FAILED: failed++; break;
                default: cancelled++;
            }
        }
        // Each future moves PENDING(0) -> RUNNING(1) -> done(2) and never back, so this sum changes on every
        // transition.
        long progress = running + 2L * (finished + failed + cancelled);
        return new Counts(states.size(), pending, running, finished, failed, cancelled, progress);
    }

    /** The result column of a done future: its value, its error, or "cancelled"; empty while not done. */
    public static String resultText(TaskFuture<?> f) {
        switch (f.state()) {
            case FINISHED: return Cells.value(f.result(), RESULT_CHARS);
            case FAILED: return Cells.error(f.exception(), RESULT_CHARS);
            case CANCELLED: return "cancelled";
            default: return "";
        }
    }

    static String summaryLine(Counts c) {
        if (c.total() == 0) return "no futures";
        StringBuilder sb = new StringBuilder().append(c.done()).append(" of ").append(c.total()).append(" done");
        if (c.failed() > 0) sb.append(", ").append(c.failed()).append(" failed");
        if (c.cancelled() > 0) sb.append(", ").append(c.cancelled()).append(" cancelled");
        if (c.running() > 0) sb.append(" · ").append(c.running()).append(" running");
        if (c.pending() > 0) sb.append(c.running() > 0 ? ", " : " · ").append(c.pending()).append(" pending");
        return sb.toString();
    }

    /** One row's cells, read from the future once. */
    private record Line(String label, String name, String pool, String worker, TaskState state, String elapsed, String result) {
    }

    /**
     * Renders {@code rows}, the first {@code maxRows} in detail; {@code resultText} gives a done future's
     * result column (a live table caches it, as computing it may call a costly {@code toString()}).
     */
    static Map<String, String> render(List<Row> rows, int maxRows, Function<TaskFuture<?>, String> resultText) {
        List<TaskState> states = states(rows);
        Counts counts = countStates(states);
        int shown = Math.min(rows.size(), maxRows);
        List<Line> lines = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) {
            TaskFuture<?> f = rows.get(i).future();
            TaskState s = states.get(i); // read first: once done, worker, elapsed and result are final
            String worker = f.worker();
            lines.add(new Line(rows.get(i).label(), f.name(), f.pool(), worker == null ? "" : worker, s,
                    worker == null ? "" : Cells.elapsed(f.elapsed()), s.isDone() ? resultText.apply(f) : ""));
        }
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", html(counts, lines, rows.size() - shown));
        bundle.put("text/plain", plain(counts, lines, rows.size() - shown));
        return bundle;
    }

    // ---- HTML ----

    /** State colours as r,g,b: mid-tones that read on light and dark backgrounds (timelines use them too). */
    public static String rgb(TaskState s) {
        switch (s) {
            case RUNNING: return "30,136,229";
            case FINISHED: return "46,160,67";
            case FAILED: return "229,57,53";
            case CANCELLED: return "245,166,35";
            default: return "128,128,128";
        }
    }

    private static final String TD = "padding:2px 8px;text-align:left;white-space:nowrap;overflow:hidden;"
            + "text-overflow:ellipsis;border:none;vertical-align:middle";
    private static final String[] HEAD = {"name", "pool", "worker", "state", "elapsed", "result"};
    /** Fixed widths (the result column takes the rest), so rows never shift as values change. */
    private static final String[] WIDTH = {"13em", "7em", "11em", "8.5em", "6.5em", "auto"};

    private static String html(Counts c, List<Line> lines, int more) {
        StringBuilder h = new StringBuilder(512 + lines.size() * 520);
        h.append("<div class=\"java-futures-table\" style=\"color:inherit;font-size:13px;line-height:1.4;")
                .append("max-width:72em;font-variant-numeric:tabular-nums\">");
        h.append("<div style=\"display:flex;align-items:center;gap:12px;margin:2px 0 6px 0\">")
                .append("<span style=\"font-weight:600;white-space:nowrap\">").append(Cells.html(summaryLine(c)))
                .append("</span>");
        progressBar(h, c);
        h.append("</div>");
        h.append("<table style=\"border-collapse:collapse;table-layout:fixed;width:100%;margin:0;border:none;")
                .append("font-size:inherit;color:inherit\"><colgroup>");
        for (String w : WIDTH) h.append(w.equals("auto") ? "<col>" : "<col style=\"width:" + w + "\">");
        h.append("</colgroup><thead><tr style=\"border-bottom:1px solid rgba(128,128,128,.45)\">");
        for (int i = 0; i < HEAD.length; i++) {
            h.append("<th style=\"").append(TD).append(";font-weight:600;opacity:.8")
                    .append(i == 4 ? ";text-align:right" : "").append("\">").append(HEAD[i]).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (Line l : lines) row(h, l);
        if (more > 0) {
            h.append("<tr><td colspan=\"6\" style=\"").append(TD).append(";opacity:.7;font-style:italic\">… ")
                    .append(more).append(" more</td></tr>");
        }
        return h.append("</tbody></table></div>").toString();
    }

    private static void progressBar(StringBuilder h, Counts c) {
        h.append("<div title=\"").append(c.done()).append(" of ").append(c.total()).append(" done\" ")
                .append("style=\"flex:0 0 14em;height:6px;border-radius:3px;overflow:hidden;display:flex;")
                .append("background:rgba(128,128,128,.22)\">");
        if (c.total() > 0) {
            segment(h, c.finished(), c.total(), TaskState.FINISHED);
            segment(h, c.failed(), c.total(), TaskState.FAILED);
            segment(h, c.cancelled(), c.total(), TaskState.CANCELLED);
            segment(h, c.running(), c.total(), TaskState.RUNNING);
        }
        h.append("</div>");
    }

    private static void segment(StringBuilder h, int n, int total, TaskState s) {
        if (n == 0) return;
        String alpha = s == TaskState.RUNNING ? ".45" : ".9";
        h.append("<div style=\"width:").append(String.format(java.util.Locale.ROOT, "%.3f", 100.0 * n / total))
                .append("%;background:rgba(").append(rgb(s)).append(',').append(alpha).append(")\"></div>");
    }

    private static void row(StringBuilder h, Line l) {
        h.append("<tr style=\"border-bottom:1px solid rgba(128,128,128,.18)\">");
        cell(h, l.label(), l.label().equals(l.name()) ? l.name() : l.label() + " (" + l.name() + ")", "");
        cell(h, l.pool(), l.pool(), "");
        cell(h, l.worker(), l.worker(), "");
        String rgb = rgb(l.state());
        h.append("<td style=\"").append(TD).append("\"><span style=\"display:inline-block;min-width:6.4em;")
                .append("padding:0 4px;border-radius:9px;font-size:11px;font-weight:600;letter-spacing:.02em;")
                .append("text-align:center;background:rgba(").append(rgb).append(",.2);box-shadow:inset 0 0 0 1px rgba(")
                .append(rgb).append(",.55)\">").append(l.state()).append("</span></td>");
        cell(h, l.elapsed(), null, ";text-align:right");
        String resultStyle = l.state() == TaskState.FAILED ? ";color:rgb(" + rgb(TaskState.FAILED) + ")"
                : l.state() == TaskState.CANCELLED ? ";opacity:.7" : "";
        cell(h, l.result(), l.result(), resultStyle);
        h.append("</tr>");
    }

    private static void cell(StringBuilder h, String text, String title, String style) {
        h.append("<td style=\"").append(TD).append(style).append('"');
        if (title != null && !title.isEmpty()) h.append(" title=\"").append(Cells.html(title)).append('"');
        h.append('>').append(Cells.html(text)).append("</td>");
    }

    // ---- text/plain ----

    private static String plain(Counts c, List<Line> lines, int more) {
        StringBuilder p = new StringBuilder(summaryLine(c));
        if (c.total() > 0) {
            int width = 20;
            int full = (int) Math.round((double) width * c.done() / c.total());
            p.append("  [").append("#".repeat(full)).append(".".repeat(width - full)).append(']');
        }
        p.append('\n');
        if (lines.isEmpty()) return p.toString();
        int[] w = {4, 4, 6, 9, 7};
        for (Line l : lines) {
            w[0] = Math.max(w[0], Math.min(24, l.label().length()));
            w[1] = Math.max(w[1], Math.min(12, l.pool().length()));
            w[2] = Math.max(w[2], Math.min(20, l.worker().length()));
            w[4] = Math.max(w[4], l.elapsed().length());
        }
        plainRow(p, w, HEAD[0], HEAD[1], HEAD[2], HEAD[3], HEAD[4], HEAD[5]);
        for (Line l : lines) {
            plainRow(p, w, l.label(), l.pool(), l.worker(), l.state().name(), l.elapsed(),
                    Cells.truncate(l.result(), PLAIN_RESULT_CHARS));
        }
        if (more > 0) p.append("… ").append(more).append(" more\n");
        return p.toString();
    }

    private static void plainRow(StringBuilder p, int[] w, String... cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 5; i++) line.append(Cells.pad(cells[i], w[i], i == 4)).append("  ");
        line.append(cells[5]);
        p.append(line.toString().stripTrailing()).append('\n');
    }
}
