package javafutures.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tasks of one member call, taken off the kernel's queue in order, and the class bytes each carries:
 * a task's class set travels with it until its member has confirmed it (or asked again), once per call.
 * Built under the {@link Dispatcher}'s lock.
 *
 * @param classes per task, its class set's bytes, or null when the member knows it or an earlier task of
 *                this call carries it
 */
record Batch(List<ClusterTask> tasks, List<byte[]> classes) {
    /**
     * Takes up to {@code size} tasks for {@code s}; a task {@code begin} refuses (cancelled meanwhile) is
     * dropped from the queue and not sent.
     */
    static Batch take(ArrayDeque<ClusterTask> queue, MemberSlot s, int size, Envelopes envelopes,
                      Predicate<ClusterTask> begin) {
        List<ClusterTask> tasks = new ArrayList<>(size);
        Set<Long> shipped = new HashSet<>();
        List<byte[]> classes = new ArrayList<>();
        while (tasks.size() < size && !queue.isEmpty()) {
            ClusterTask t = queue.poll();
            t.queued = false;
            if (!begin.test(t)) continue;
            t.slot = s;
            t.attempts++;
            s.tasks.add(t);
            long id = t.prepared.classes().id();
            boolean ship = (t.sendClasses || !s.knownClassSets.contains(id)) && shipped.add(id);
            t.sendClasses = false;
            classes.add(ship ? envelopes.classBytes(t.prepared.classes()) : null);
            tasks.add(t);
        }
        return new Batch(tasks, classes);
    }
}
