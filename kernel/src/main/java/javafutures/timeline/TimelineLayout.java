package javafutures.timeline;

import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import javafutures.futures.TaskTiming;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where everything of a timeline goes, in pixels: lanes (one per worker, plus one for tasks that never
 * started), rows within a lane, and marks (one task's bar, or several tasks merged). The SVG draws it as is;
 * the text twin scales it to columns. Built from one snapshot of the futures; immutable once built.
 *
 * <p><b>Rows.</b> A lane shows each task's queued time before its bar, so tasks of one worker are stacked
 * like stairs ({@code [submitted, end]} intervals never share a row) while that takes at most
 * {@link #rowCap} rows. A lane with more tasks than that drops the queued segments and packs the bars by
 * their running intervals (one row for a worker that runs one task at a time).
 *
 * <p><b>Bounded size.</b> However many futures there are, at most {@link #MAX_LANES} lanes (the rest fold
 * into one), at most {@link #MAX_ROWS} rows in all (roughly), and at most {@link #MAX_MARKS} marks: bars
 * thinner than {@link #MIN_PX} pixels merge with close neighbours, and overlapping bars of a packed row
 * merge, with a coarser threshold until the marks fit. Building is O(n log n) in the number of futures.
 */
final class TimelineLayout {
    static final int MAX_LANES = 24;
    static final int MAX_ROWS = 60;
    static final int MAX_STAIRS = 12;
    static final double MIN_PX = 2.0;
    static final int MAX_MARKS = 1000;
    /** A group of thin bars stops growing at this width, so that a failure in it stays where it happened. */
    static final double GROUP_PX = 40;
    static final String NOT_STARTED = "not started";

    // Geometry of the picture (px). The label column grows with the longest lane label.
    static final int WIDTH = 960;
    static final int HEADER_H = 34;
    static final int AXIS_H = 26;
    static final int ROW_H = 16;
    static final int LANE_GAP = 7;
    static final double CHAR_PX = 6.4;

    /** One future, read once: its timing snapshot and identity. */
    record Entry(TaskFuture<?> future, String name, String pool, TaskTiming timing) {
        TaskState state() {
            return timing.state();
        }

        /** Where its bar starts: the start, or the submit for a task that never started (its bar is its wait). */
        long barStart() {
            return timing.started() ? timing.startedNanos() : timing.submittedNanos();
        }

        long end(long now) {
            return timing.state().isDone() ? timing.endedNanos() : now;
        }
    }

    /**
     * A bar: one task ({@code count == 1}, {@link #first} is it) or several merged. Pixel positions are
     * relative to the plot's left edge: queued part {@code [x0, xStart)}, transit {@code [xStart, xRun)}
     * (thin), running part {@code [xRun, x1)}.
     */
    static final class Mark {
        double x0, xStart, xRun, x1;
        TaskState state;
        int count;
        final int[] byState = new int[TaskState.values().length];
        Entry first, last;
        long minRun = Long.MAX_VALUE, maxRun;
        long from = Long.MAX_VALUE, to = Long.MIN_VALUE;

        boolean single() {
            return count == 1;
        }
    }

    /** A lane: a worker (or several folded, or the tasks that never started) and its rows of marks. */
    record Lane(String label, String worker, int workers, boolean notStarted, boolean queuedShown, List<List<Mark>> rows) {
    }

    final long origin;
    final long span;
    final long now;
    final List<Lane> lanes;
    final int[] counts = new int[TaskState.values().length];
    final int tasks;
    final int workers;
    final int marks;
    final int labelWidth;
    final int plotX;
    final int plotW;
    final int height;
    final int rowCap;

    private TimelineLayout(List<Entry> entries, long now) {
        this.now = now;
        this.tasks = entries.size();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Entry e : entries) {
            counts[e.state().ordinal()]++;
            first = Math.min(first, e.timing().submittedNanos());
            last = Math.max(last, e.end(now));
        }
        this.origin = first;
        this.span = Math.max(1_000_000L, last - first);

        // Group by worker. Lanes of a pool stay together, pools in the order their first task was submitted,
        // and a pool's lanes in the order of their names (worker-2 before worker-10, pid 7 before pid 12):
        // ordered by start times instead, lanes would swap places between two runs of the same cell.
        Map<String, List<Entry>> byWorker = new LinkedHashMap<>();
        List<Entry> waiting = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.timing().started()) {
                waiting.add(e);
                continue;
            }
            byWorker.computeIfAbsent(e.pool() + '\u0000' + e.timing().worker(), k -> new ArrayList<>()).add(e);
        }
        List<List<Entry>> workerLanes = new ArrayList<>(byWorker.values());
        Map<String, Long> poolFirst = new HashMap<>();
        Map<String, Integer> poolSeen = new HashMap<>(); // ties: the order the futures were given in
        for (List<Entry> l : workerLanes) {
            poolFirst.merge(l.get(0).pool(), minSubmit(l), Math::min);
            poolSeen.putIfAbsent(l.get(0).pool(), poolSeen.size());
        }
        workerLanes.sort(Comparator.comparingLong((List<Entry> l) -> poolFirst.get(l.get(0).pool()))
                .thenComparingInt((List<Entry> l) -> poolSeen.get(l.get(0).pool()))
                // a pool's worker names differ only in their number: shorter first puts worker-2 before worker-10
                // (as ThreadEngine.workerNames orders them for %pool)
                .thenComparing((List<Entry> l) -> l.get(0).timing().worker(),
                        Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())));
        this.workers = workerLanes.size();
        // A worker's name is its lane's label; the pool is added only where two pools have a worker of that name.
        Set<String> seen = new HashSet<>();
        Set<String> ambiguous = new HashSet<>();
        for (List<Entry> l : workerLanes) {
            String w = l.get(0).timing().worker();
            if (!seen.add(w)) ambiguous.add(w);
        }

        List<String> labels = new ArrayList<>();
        List<String> workerNames = new ArrayList<>();
        List<List<Entry>> laneEntries = new ArrayList<>();
        for (int i = 0; i < workerLanes.size(); i++) {
            List<Entry> l = workerLanes.get(i);
            if (i == MAX_LANES - 1 && workerLanes.size() > MAX_LANES) {
                List<Entry> rest = new ArrayList<>();
                for (int j = i; j < workerLanes.size(); j++) rest.addAll(workerLanes.get(j));
                labels.add("… " + (workerLanes.size() - i) + " more workers");
                workerNames.add(null);
                laneEntries.add(rest);
                break;
            }
            Entry e = l.get(0);
            String worker = e.timing().worker();
            labels.add(ambiguous.contains(worker) ? worker + " (" + e.pool() + ")" : worker);
            workerNames.add(worker);
            laneEntries.add(l);
        }
        if (!waiting.isEmpty()) {
            labels.add(NOT_STARTED);
            workerNames.add(null);
            laneEntries.add(waiting);
        }

        int longest = 0;
        for (String s : labels) longest = Math.max(longest, s.length());
        this.labelWidth = (int) Math.max(80, Math.min(230, 10 + Math.min(34, longest) * CHAR_PX));
        this.plotX = labelWidth + 10;
        this.plotW = WIDTH - plotX - 18;
        this.rowCap = Math.max(1, Math.min(MAX_STAIRS, MAX_ROWS / Math.max(1, laneEntries.size())));

        // Rows per lane, then marks, merged more coarsely until they fit the budget.
        List<List<List<Entry>>> laneRows = new ArrayList<>();
        boolean[] stairs = new boolean[laneEntries.size()];
        for (int i = 0; i < laneEntries.size(); i++) {
            List<List<Entry>> rows = assign(laneEntries.get(i), true);
            stairs[i] = rows != null;
            laneRows.add(rows != null ? rows : assign(laneEntries.get(i), false));
        }
        List<Lane> built;
        int total;
        double minPx = MIN_PX;
        do {
            built = new ArrayList<>();
            total = 0;
            for (int i = 0; i < laneRows.size(); i++) {
                boolean notStarted = workerNames.get(i) == null && labels.get(i).equals(NOT_STARTED);
                List<List<Mark>> rows = new ArrayList<>();
                for (List<Entry> row : laneRows.get(i)) {
                    List<Mark> ms = marks(row, stairs[i] || notStarted, !stairs[i], minPx);
                    total += ms.size();
                    rows.add(ms);
                }
                int n = workerNames.get(i) != null ? 1 : notStarted ? 0 : workerLanes.size() - (MAX_LANES - 1);
                built.add(new Lane(labels.get(i), workerNames.get(i), n, notStarted, stairs[i], rows));
            }
            minPx *= 2;
        } while (total > MAX_MARKS && minPx < plotW);
        this.lanes = built;
        this.marks = total;
        int h = HEADER_H + AXIS_H + 4;
        for (Lane l : lanes) h += l.rows().size() * ROW_H + LANE_GAP;
        this.height = h;
    }

    /** The layout of {@code entries} (at least one) as of {@code now} ({@link System#nanoTime()}). */
    static TimelineLayout build(List<Entry> entries, long now) {
        if (entries.isEmpty()) throw new IllegalArgumentException("no futures to lay out");
        return new TimelineLayout(entries, now);
    }

    /** Pixels from the plot's left edge for a time. */
    double px(long nanos) {
        return (nanos - origin) * (double) plotW / span;
    }

    boolean live() {
        return counts[TaskState.PENDING.ordinal()] + counts[TaskState.RUNNING.ordinal()] > 0;
    }

    int count(TaskState s) {
        return counts[s.ordinal()];
    }

    private static long minSubmit(List<Entry> l) {
        long m = Long.MAX_VALUE;
        for (Entry e : l) m = Math.min(m, e.timing().submittedNanos());
        return m;
    }

    /**
     * Rows for one lane. With {@code stairs}, by {@code [submitted, end]} so that queued segments show;
     * null if that needs more than {@link #rowCap} rows. Without, by {@code [bar start, end]}, overlapping
     * in the row that frees up first once the rows are used up.
     */
    private List<List<Entry>> assign(List<Entry> entries, boolean stairs) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(stairs ? Comparator.comparingLong((Entry e) -> e.timing().submittedNanos()).thenComparingLong(Entry::barStart)
                : Comparator.comparingLong(Entry::barStart));
        List<List<Entry>> rows = new ArrayList<>();
        long[] rowEnd = new long[rowCap];
        for (Entry e : sorted) {
            long from = stairs ? e.timing().submittedNanos() : e.barStart();
            int pick = -1;
            for (int r = 0; r < rows.size(); r++) {
                if (rowEnd[r] <= from) {
                    pick = r;
                    break;
                }
            }
            if (pick < 0 && rows.size() < rowCap) {
                rows.add(new ArrayList<>());
                pick = rows.size() - 1;
            }
            if (pick < 0) {
                if (stairs) return null;
                pick = 0;
                for (int r = 1; r < rows.size(); r++) if (rowEnd[r] < rowEnd[pick]) pick = r;
            }
            rows.get(pick).add(e);
            rowEnd[pick] = Math.max(rowEnd[pick], e.end(now));
        }
        return rows;
    }

    /**
     * Marks of one row, in order. A bar joins the previous mark when it overlaps it ({@code mergeOverlaps},
     * packed rows), or when it is thinner than {@code minPx}, less than {@code minPx} after the previous mark,
     * and that mark is a thin bar or a group still narrower than {@link #GROUP_PX}.
     */
    private List<Mark> marks(List<Entry> row, boolean showQueued, boolean mergeOverlaps, double minPx) {
        List<Mark> out = new ArrayList<>();
        Mark cur = null;
        for (Entry e : row) {
            long submitted = e.timing().submittedNanos();
            long start = e.barStart();
            long end = e.end(now);
            double x0 = px(showQueued ? submitted : start);
            double xs = px(start);
            double x1 = Math.max(px(end), xs);
            boolean thin = x1 - x0 < minPx;
            if (cur != null && ((mergeOverlaps && x0 < cur.x1 - 0.5)
                    || (thin && cur.x1 - cur.x0 < (cur.count == 1 ? minPx : Math.max(GROUP_PX, 10 * minPx))
                        && x0 - cur.x1 < minPx))) {
                add(cur, e, x0, xs, x1);
                continue;
            }
            cur = new Mark();
            cur.x0 = x0;
            cur.xStart = xs;
            long transit = e.timing().transit().toNanos();
            cur.xRun = Math.min(x1, xs + transit * (double) plotW / span);
            cur.x1 = x1;
            cur.state = e.state();
            cur.first = cur.last = e;
            count(cur, e, start, end);
            out.add(cur);
        }
        return out;
    }

    private void add(Mark m, Entry e, double x0, double xs, double x1) {
        m.x0 = Math.min(m.x0, x0);
        m.xStart = Math.min(m.xStart, xs);
        m.xRun = m.xStart; // a merged mark shows no transit segment
        m.x1 = Math.max(m.x1, x1);
        m.last = e;
        count(m, e, e.barStart(), e.end(now));
        // A failure must never hide in a group; otherwise the group shows what most of its tasks are.
        if (m.byState[TaskState.FAILED.ordinal()] > 0) {
            m.state = TaskState.FAILED;
        } else {
            int best = 0;
            for (int i = 1; i < m.byState.length; i++) if (m.byState[i] > m.byState[best]) best = i;
            m.state = TaskState.values()[best];
        }
    }

    private static void count(Mark m, Entry e, long start, long end) {
        m.count++;
        m.byState[e.state().ordinal()]++;
        if (e.timing().started()) {
            long run = e.timing().state().isDone() ? e.timing().endedNanos() - e.timing().startedNanos() : -1;
            if (run >= 0) {
                m.minRun = Math.min(m.minRun, run);
                m.maxRun = Math.max(m.maxRun, run);
            }
        }
        m.from = Math.min(m.from, start);
        m.to = Math.max(m.to, end);
    }
}
