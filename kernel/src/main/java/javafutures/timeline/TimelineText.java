package javafutures.timeline;

import javafutures.futures.TaskState;
import javafutures.table.Cells;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code text/plain} twin of a timeline, for the console and other plain-text front ends: the summary
 * line, one line of characters per row of each lane (the lane's name on its first row), a time axis, and a
 * key naming the tasks. The picture is {@link #COLUMNS} characters wide, scaled from the layout's pixels:
 * {@code .} is queued time, a task's own letter ({@code a}-{@code z}, {@code A}-{@code Z}, in submit
 * order) its running time, {@code #} several tasks merged or tasks beyond the 52 letters. Stateless.
 */
final class TimelineText {
    static final int COLUMNS = 64;
    static final int MAX_KEYS = 52;
    private static final int LABEL_MAX = 26;

    private TimelineText() {
    }

    static String render(TimelineLayout l) {
        StringBuilder p = new StringBuilder(MarkText.summary(l)).append('\n');
        int labelW = 4;
        for (TimelineLayout.Lane lane : l.lanes) labelW = Math.max(labelW, Math.min(LABEL_MAX, lane.label().length()));
        double colPx = (double) l.plotW / COLUMNS;

        // Keys in submit order among the single marks drawn.
        List<TimelineLayout.Mark> singles = new ArrayList<>();
        for (TimelineLayout.Lane lane : l.lanes) {
            for (List<TimelineLayout.Mark> row : lane.rows()) {
                for (TimelineLayout.Mark m : row) if (m.single()) singles.add(m);
            }
        }
        singles.sort((a, b) -> Long.compare(a.first.timing().submittedNanos(), b.first.timing().submittedNanos()));
        Map<TimelineLayout.Mark, Character> keys = new IdentityHashMap<>();
        for (int i = 0; i < singles.size() && i < MAX_KEYS; i++) keys.put(singles.get(i), (char) (i < 26 ? 'a' + i : 'A' + i - 26));

        for (TimelineLayout.Lane lane : l.lanes) {
            for (int r = 0; r < lane.rows().size(); r++) {
                char[] line = new char[COLUMNS];
                Arrays.fill(line, ' ');
                for (TimelineLayout.Mark m : lane.rows().get(r)) {
                    char key = keys.getOrDefault(m, '#');
                    int q0 = col(m.x0, colPx);
                    int s0 = col(m.xStart, colPx);
                    int e = Math.max(s0 + 1, (int) Math.ceil(m.x1 / colPx - 1e-9));
                    if (lane.notStarted()) {
                        fill(line, q0, Math.max(q0 + 1, e), m.single() ? key : '#');
                    } else {
                        fill(line, q0, s0, '.');
                        fill(line, s0, e, key);
                    }
                }
                String label = r == 0 ? lane.label() : "";
                p.append(Cells.pad(label, labelW, false)).append(" |").append(line).append("|\n");
            }
        }
        axis(p, l, labelW);
        int shown = 0;
        for (TimelineLayout.Mark m : singles) {
            Character key = keys.get(m);
            if (key == null) break;
            TimelineLayout.Entry e = m.first;
            p.append("  ").append(key).append(" = ").append(MarkText.name(e)).append("  ").append(e.state());
            if (e.timing().started()) {
                p.append(", ").append(e.state() == TaskState.RUNNING ? "running for " : "ran ")
                        .append(MarkText.duration(e.timing().run(l.now).toNanos()));
                long q = e.timing().queued(l.now).toNanos();
                if (q >= 1_000_000) p.append(" after ").append(MarkText.duration(q)).append(" queued");
            }
            p.append('\n');
            shown++;
        }
        int rest = l.tasks - shown;
        if (rest > 0) p.append("  # = ").append(rest).append(rest == 1 ? " more task" : " more tasks").append('\n');
        return p.toString();
    }

    private static int col(double px, double colPx) {
        return (int) Math.max(0, Math.min(COLUMNS - 1, Math.floor(px / colPx + 1e-9)));
    }

    private static void fill(char[] line, int from, int to, char c) {
        for (int i = Math.max(0, from); i < Math.min(COLUMNS, to); i++) line[i] = c;
    }

    /** Tick labels under the lanes, each where its column is, skipped when it would overlap the previous. */
    private static void axis(StringBuilder p, TimelineLayout l, int labelW) {
        double spanS = l.span / 1e9;
        double step = MarkText.tickStep(spanS, 5);
        char[] marks = new char[COLUMNS + 1];
        Arrays.fill(marks, '-');
        StringBuilder labels = new StringBuilder();
        int lastEnd = -1;
        for (int i = 0; ; i++) {
            double t = i * step;
            if (t > spanS * 1.0001) break;
            int c = (int) Math.round(t / spanS * COLUMNS);
            if (c <= COLUMNS) marks[c] = '+';
            String s = MarkText.tick(t, step);
            if (c <= lastEnd || c + s.length() > COLUMNS + 8) continue;
            while (labels.length() < c) labels.append(' ');
            labels.append(s);
            lastEnd = labels.length();
        }
        p.append(" ".repeat(labelW)).append(" +").append(marks, 0, COLUMNS).append("+\n");
        p.append(" ".repeat(labelW + 2)).append(labels).append('\n');
    }
}
