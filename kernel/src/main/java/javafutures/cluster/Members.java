package javafutures.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;

/**
 * The members a {@link Dispatcher} sends to, and its rules for choosing one: the least-loaded member with
 * room, taking turns among equals; how many tasks a member may hold (its window) and how many travel in one
 * call, which grow while tasks are short (they then travel in batches, and wait to fill one while a member
 * has two calls in flight, as Nagle's algorithm does). Guarded by the dispatcher's lock.
 */
final class Members {
    /** Tasks shorter than this (on average) travel in batches. */
    static final long SHORT_NANOS = 2_000_000;
    static final int MAX_BATCH = 32;

    final Map<UUID, MemberSlot> byId = new LinkedHashMap<>();
    private int next;
    /** Average run time of recent tasks, -1 until one came back. */
    private long averageNanos = -1;

    boolean isShort() {
        return averageNanos >= 0 && averageNanos < SHORT_NANOS;
    }

    /** A task came back having run {@code nanos}. */
    void ran(long nanos) {
        averageNanos = averageNanos < 0 ? nanos : (averageNanos * 7 + nanos) / 8;
    }

    /** Tasks a member may hold at once: twice its threads, more while tasks are short. */
    int window(MemberSlot s) {
        return s.threads * 2 + (isShort() ? 2 * MAX_BATCH : 0);
    }

    /** Tasks to send {@code s} in one call now. */
    int batchFor(MemberSlot s) {
        return isShort() ? Math.min(MAX_BATCH, Math.max(1, window(s) - s.tasks.size())) : 1;
    }

    /** The least-loaded member with room for one of {@code queued} tasks, or null. */
    MemberSlot pick(int queued, Set<MemberSlot> skip) {
        MemberSlot best = null;
        double load = Double.MAX_VALUE;
        List<MemberSlot> all = new ArrayList<>(byId.values());
        for (int i = 0; i < all.size(); i++) {
            MemberSlot s = all.get((next + i) % all.size());
            if (s.retiring || s.tasks.size() >= window(s) || skip.contains(s)) continue;
            if (isShort() && s.calls >= 2 && queued < MAX_BATCH) continue;
            double l = (double) s.tasks.size() / s.threads;
            if (l < load) {
                load = l;
                best = s;
            }
        }
        next++;
        return best;
    }

    MemberSlot byPid(long pid) {
        for (MemberSlot m : byId.values()) if (m.pid == pid) return m;
        return null;
    }

    /** Every task sent to a member and not back yet. */
    List<ClusterTask> held() {
        List<ClusterTask> out = new ArrayList<>();
        for (MemberSlot s : byId.values()) out.addAll(s.tasks);
        return out;
    }

    int active() {
        int n = 0;
        for (MemberSlot s : byId.values()) if (!s.retiring) n++;
        return n;
    }

    List<String> names() {
        return byId.values().stream().map(MemberSlot::describe).toList();
    }

    /**
     * Retires members beyond {@code n} (the least busy first; those holding no task go in {@code stopNow}),
     * or returns how many members to start to reach {@code n}.
     */
    int resizeTo(int n, List<Long> stopNow) {
        List<MemberSlot> active = new ArrayList<>();
        for (MemberSlot s : byId.values()) if (!s.retiring) active.add(s);
        if (n > active.size()) return n - active.size();
        active.sort(Comparator.comparingInt((MemberSlot s) -> s.tasks.size()));
        for (MemberSlot s : active.subList(0, active.size() - n)) {
            s.retiring = true;
            if (s.tasks.isEmpty()) stopNow.add(s.pid);
        }
        return 0;
    }
}
