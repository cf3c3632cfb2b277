package javafutures.timeline;

import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import javafutures.table.Cells;
import javafutures.table.FutureTable;

import java.util.List;
import java.util.function.Function;

/**
 * Draws a {@link TimelineLayout} as SVG, in two flavours from the same code:
 * <ul>
 * <li>{@link #standalone}: an SVG document for {@code image/svg+xml}. Front ends show it as an image, so it
 *     carries its own light card background and dark text, readable on light and dark pages alike.</li>
 * <li>{@link #inline}: the same picture inside a {@code <div>} for {@code text/html}, so that it is part of
 *     the page: hovering a bar shows its {@code <title>} (an image would not), text takes the theme's colour
 *     ({@code currentColor}), the background stays translucent. When a front end does not trust the output
 *     (a saved notebook opened again) and strips the SVG, the text twin inside shows instead of loose words.</li>
 * </ul>
 * Bars use the status table's state colours (mid-tones that read on both themes); queued time is the same
 * colour, lighter; serialization and transit is a thin segment. Every bar (or merged group) is a
 * {@code <g>} whose first child is its {@code <title>}. All text is escaped. Stateless.
 */
final class TimelineSvg {
    static final String FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    private static final int BAR_H = 12;
    private static final int TRANSIT_H = 4;
    private static final String WAITING = "jft-s" + TaskState.values().length;
    /**
     * The colours, once per picture instead of on every bar: {@code jft-sN} is state N's colour (the status
     * table's, a grey for tasks still waiting to start), the second class the kind of part: bar, merged
     * group, queued (light, outlined), transit, waiting. (Inline in a page, these rules are global, hence the
     * prefix; every timeline defines them alike.)
     */
    static final String STYLE = style();

    private static String style() {
        StringBuilder s = new StringBuilder("<style>");
        for (TaskState st : TaskState.values()) {
            s.append(".jft-s").append(st.ordinal()).append("{fill:rgb(").append(FutureTable.rgb(st)).append(");stroke:rgb(")
                    .append(FutureTable.rgb(st)).append(")}");
        }
        s.append('.').append(WAITING).append("{fill:rgb(128,128,128);stroke:rgb(128,128,128)}");
        s.append(".jft-b{fill-opacity:.95;stroke:none}.jft-g{fill-opacity:.75;stroke:none}")
                .append(".jft-q{fill-opacity:.28;stroke-opacity:.45}.jft-t{fill-opacity:.9;stroke:none}")
                .append(".jft-w{fill-opacity:.35;stroke:none}</style>");
        return s.toString();
    }

    private TimelineSvg() {
    }

    /** An SVG document with its own background, for {@code image/svg+xml}. */
    static String standalone(TimelineLayout l, Function<TaskFuture<?>, String> results) {
        return svg(l, results, false, null);
    }

    /** The picture in a {@code <div>}, themed by the page, for {@code text/html}; {@code plain} is its fallback. */
    static String inline(TimelineLayout l, Function<TaskFuture<?>, String> results, String plain) {
        return "<div class=\"java-futures-timeline\" style=\"font-size:0;line-height:0;max-width:" + TimelineLayout.WIDTH
                + "px\">" + svg(l, results, true, plain) + "</div>";
    }

    private static String svg(TimelineLayout l, Function<TaskFuture<?>, String> results, boolean inline, String fallback) {
        String text = inline ? "currentColor" : "#1f2328";
        StringBuilder b = new StringBuilder(4096 + l.marks * 260);
        String summary = MarkText.summary(l);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"java-futures-timeline-svg\" width=\"")
                .append(TimelineLayout.WIDTH).append("\" height=\"").append(l.height).append("\" viewBox=\"0 0 ")
                .append(TimelineLayout.WIDTH).append(' ').append(l.height).append("\" role=\"img\" aria-label=\"")
                .append(xml(summary)).append("\" font-family=\"").append(FONT).append("\" font-size=\"11\"");
        if (inline) b.append(" style=\"font-size:11px;line-height:normal;max-width:100%;height:auto;color:inherit\"");
        b.append('>').append(STYLE);
        if (inline) {
            b.append("<rect width=\"100%\" height=\"100%\" rx=\"4\" fill=\"rgb(128,128,128)\" fill-opacity=\"0.06\"/>");
        } else {
            b.append("<rect x=\"0.5\" y=\"0.5\" width=\"").append(TimelineLayout.WIDTH - 1).append("\" height=\"")
                    .append(l.height - 1).append("\" rx=\"4\" fill=\"#ffffff\" stroke=\"#d0d7de\"/>");
        }
        b.append("<text x=\"10\" y=\"20\" font-weight=\"600\" fill=\"").append(text).append("\">").append(xml(summary)).append("</text>");
        legend(b, text);

        int top = TimelineLayout.HEADER_H;
        int lanesH = l.height - TimelineLayout.HEADER_H - TimelineLayout.AXIS_H - 4;
        axis(b, l, top, lanesH, text);
        int y = top;
        for (int i = 0; i < l.lanes.size(); i++) {
            TimelineLayout.Lane lane = l.lanes.get(i);
            int h = lane.rows().size() * TimelineLayout.ROW_H;
            b.append("<g class=\"lane\"");
            if (lane.worker() != null) b.append(" data-worker=\"").append(xml(lane.worker())).append('"');
            if (lane.notStarted()) b.append(" data-not-started=\"true\"");
            b.append('>');
            if (i % 2 == 0) {
                b.append("<rect x=\"4\" y=\"").append(y - 3).append("\" width=\"").append(TimelineLayout.WIDTH - 8)
                        .append("\" height=\"").append(h + 6).append("\" fill=\"rgb(128,128,128)\" fill-opacity=\"0.07\"/>");
            }
            b.append("<text class=\"lane-label\" x=\"10\" y=\"").append(y + 11).append("\" fill=\"").append(text).append('"')
                    .append(lane.notStarted() ? " font-style=\"italic\" fill-opacity=\"0.75\"" : "").append('>')
                    .append(xml(Cells.truncate(lane.label(), 34))).append("</text>");
            for (int r = 0; r < lane.rows().size(); r++) {
                List<TimelineLayout.Mark> row = lane.rows().get(r);
                int rowY = y + r * TimelineLayout.ROW_H + (TimelineLayout.ROW_H - BAR_H) / 2;
                for (int k = 0; k < row.size(); k++) {
                    double room = (k + 1 < row.size() ? row.get(k + 1).x0 : l.plotW) - row.get(k).x1;
                    mark(b, l, lane, row.get(k), rowY, room, results, text);
                }
            }
            b.append("</g>");
            y += h + TimelineLayout.LANE_GAP;
        }
        if (fallback != null) {
            // Only a sanitizer that strips <svg> and <foreignObject> lets this <pre> show (see the class comment).
            b.append("<foreignObject width=\"0\" height=\"0\" style=\"display:none\"><pre style=\"font-size:12px;")
                    .append("line-height:1.3;margin:0\">").append(xml(fallback)).append("</pre></foreignObject>");
        }
        return b.append("</svg>").toString();
    }

    private static void mark(StringBuilder b, TimelineLayout l, TimelineLayout.Lane lane, TimelineLayout.Mark m, int y,
                             double room, Function<TaskFuture<?>, String> results, String text) {
        String state = lane.notStarted() && m.state == TaskState.PENDING ? WAITING : "jft-s" + m.state.ordinal();
        double px = l.plotX;
        b.append("<g class=\"").append(m.single() ? "task" : "tasks").append("\" data-state=\"").append(m.state).append('"');
        if (!m.single()) b.append(" data-count=\"").append(m.count).append('"');
        b.append("><title>").append(xml(MarkText.title(l, lane, m, results))).append("</title>");
        if (lane.notStarted()) {
            // The whole bar is waiting time (cancelled or still pending): drawn light, like queued time.
            rect(b, px + m.x0, y, Math.max(1, m.x1 - m.x0), BAR_H, state + " jft-w", 2);
        } else {
            if (m.xStart - m.x0 >= 0.5) queued(b, px + m.x0, y, m.xStart - m.x0, state);
            if (m.xRun - m.xStart >= 0.5) {
                rect(b, px + m.xStart, y + (BAR_H - TRANSIT_H) / 2.0, m.xRun - m.xStart, TRANSIT_H, state + " jft-t", 0);
            }
            rect(b, px + m.xRun, y, Math.max(1, m.x1 - m.xRun), BAR_H, state + (m.single() ? " jft-b" : " jft-g"), 2);
        }
        if (m.single()) name(b, m, y, px, room, text, lane.notStarted());
        b.append("</g>");
    }

    /** The task's name on its bar if it fits, else beside it if there is room before the next bar, else none. */
    private static void name(StringBuilder b, TimelineLayout.Mark m, int y, double px, double room, String text, boolean light) {
        String name = MarkText.name(m.first);
        double need = name.length() * TimelineLayout.CHAR_PX + 6;
        double inside = m.x1 - (light ? m.x0 : m.xRun);
        if (inside >= need) {
            // White on the opaque state colours; the theme's text on the light bars of tasks that never started.
            String fill = light ? text : m.state == TaskState.CANCELLED ? "#1f2328" : "#ffffff";
            b.append("<text x=\"");
            num(b, px + (light ? m.x0 : m.xRun) + 3);
            b.append("\" y=\"").append(y + 9.5).append("\" fill=\"").append(fill).append("\" font-size=\"10\">")
                    .append(xml(name)).append("</text>");
        } else if (room >= need) {
            b.append("<text x=\"");
            num(b, px + m.x1 + 3);
            b.append("\" y=\"").append(y + 9.5).append("\" fill=\"").append(text).append("\" fill-opacity=\"0.8\" font-size=\"10\">")
                    .append(xml(name)).append("</text>");
        }
    }

    /** A rect of the given classes: a state's colour ({@code jft-sN}) and a kind of part (see {@link #STYLE}). */
    private static void rect(StringBuilder b, double x, double y, double w, double h, String classes, int rx) {
        b.append("<rect class=\"").append(classes).append("\" x=\"");
        num(b, x);
        b.append("\" y=\"");
        num(b, y);
        b.append("\" width=\"");
        num(b, Math.max(0.1, w));
        b.append("\" height=\"");
        num(b, h);
        if (rx > 0 && w > 2 * rx) b.append("\" rx=\"").append(rx);
        b.append("\"/>");
    }

    /**
     * Queued time: the state's colour, light, with a faint outline of it, so that on a dark page (where a
     * light fill turns dim) it still reads as the same colour, hollow.
     */
    private static void queued(StringBuilder b, double x, double y, double w, String state) {
        rect(b, x + 0.5, y + 0.5, Math.max(0.1, w - 1), BAR_H - 1, state + " jft-q", 2);
    }

    /** Vertical grid lines and labels in seconds from the first submit. */
    private static void axis(StringBuilder b, TimelineLayout l, int top, int lanesH, String text) {
        double spanS = l.span / 1e9;
        double step = MarkText.tickStep(spanS, Math.max(2, l.plotW / 90));
        int axisY = top + lanesH + 2;
        b.append("<g class=\"axis\">");
        b.append("<line x1=\"").append(l.plotX).append("\" y1=\"").append(axisY).append("\" x2=\"").append(l.plotX + l.plotW)
                .append("\" y2=\"").append(axisY).append("\" stroke=\"rgb(128,128,128)\" stroke-opacity=\"0.6\"/>");
        for (int i = 0; ; i++) {
            double t = i * step;
            if (t > spanS * 1.0001) break;
            double x = l.plotX + t / spanS * l.plotW;
            b.append("<line x1=\"");
            num(b, x);
            b.append("\" y1=\"").append(top - 4).append("\" x2=\"");
            num(b, x);
            b.append("\" y2=\"").append(axisY + 4).append("\" stroke=\"rgb(128,128,128)\" stroke-opacity=\"0.22\"/>");
            b.append("<text x=\"");
            num(b, x);
            b.append("\" y=\"").append(axisY + 16).append("\" text-anchor=\"middle\" fill=\"").append(text)
                    .append("\" fill-opacity=\"0.8\">").append(MarkText.tick(t, step)).append("</text>");
        }
        b.append("</g>");
    }

    private static void legend(StringBuilder b, String text) {
        String[][] items = {{"running", "jft-s" + TaskState.RUNNING.ordinal()}, {"finished", "jft-s" + TaskState.FINISHED.ordinal()},
                {"failed", "jft-s" + TaskState.FAILED.ordinal()}, {"cancelled", "jft-s" + TaskState.CANCELLED.ordinal()}};
        String finished = "jft-s" + TaskState.FINISHED.ordinal();
        int x = TimelineLayout.WIDTH - 430;
        b.append("<g class=\"legend\" fill-opacity=\"0.85\">");
        for (String[] it : items) {
            rect(b, x, 11, 10, 10, it[1] + " jft-b", 2);
            b.append("<text x=\"").append(x + 14).append("\" y=\"20\" fill=\"").append(text).append("\">").append(it[0]).append("</text>");
            x += 22 + it[0].length() * 6;
        }
        queued(b, x, 11, 16, finished);
        b.append("<text x=\"").append(x + 20).append("\" y=\"20\" fill=\"").append(text).append("\">queued</text>");
        x += 66;
        rect(b, x, 14, 14, TRANSIT_H, finished + " jft-t", 0);
        b.append("<text x=\"").append(x + 18).append("\" y=\"20\" fill=\"").append(text).append("\">transit</text>");
        b.append("</g>");
    }

    /** Appends {@code v} with one decimal, without String.format (thousands of numbers per picture). */
    static void num(StringBuilder b, double v) {
        long tenths = Math.round(v * 10);
        if (tenths < 0) {
            b.append('-');
            tenths = -tenths;
        }
        b.append(tenths / 10);
        if (tenths % 10 != 0) b.append('.').append(tenths % 10);
    }

    /** Escaped for XML text and attributes; characters XML forbids (controls, lone surrogates) become U+FFFD. */
    static String xml(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0xFFFE || c == 0xFFFF
                    || Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (bad && sb == null) sb = new StringBuilder(s).replace(0, s.length(), s.substring(0, i));
            if (sb != null) sb.append(bad ? '\uFFFD' : c);
        }
        return Cells.html(sb == null ? s : sb.toString());
    }
}
