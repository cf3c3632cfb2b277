package javafutures.cluster;

import javafutures.process.SharedFunction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tasks of one member call, taken off the kernel's queue in order, and what travels with them: a task's
 * class set until its member has confirmed it (or asked again), once per call; and the map parts
 * ({@link SharedFunction}) its chunks need that the member was not sent yet, once per member and map (a part
 * of a map that already ended goes with its chunk and is dropped after it). Built under the
 * {@link Dispatcher}'s lock.
 *
 * @param classes     per task, its class set's bytes, or null when the member knows it or the call carries it already
 * @param parts       the map parts to store on the member before the tasks run, each with its class set's bytes
 *                    or null as for tasks
 * @param drops       ids of parts the member drops after the tasks
 */
record Batch(List<ClusterTask> tasks, List<byte[]> classes, List<TaskEnvelope.MapPart> parts, List<Long> drops) {
    /**
     * Takes up to {@code size} tasks for {@code s}; a task {@code begin} refuses (cancelled meanwhile) is
     * dropped from the queue and not sent. Stops at a task whose map part is on its way to {@code s} in a call
     * not answered yet (it follows once that call is answered), so it may return no task.
     */
    static Batch take(ArrayDeque<ClusterTask> queue, MemberSlot s, int size, Envelopes envelopes,
                      Predicate<ClusterTask> begin) {
        List<ClusterTask> tasks = new ArrayList<>(size);
        while (tasks.size() < size && !queue.isEmpty()) {
            SharedFunction needs = queue.peek().prepared.shared();
            if (needs != null && s.sharedInFlight.contains(needs.id())) break; // see MemberSlot.sharedInFlight
            ClusterTask t = queue.poll();
            t.queued = false;
            if (!begin.test(t)) continue;
            t.slot = s;
            t.attempts++;
            s.tasks.add(t);
            tasks.add(t);
        }
        // The member stores parts before it runs tasks, so parts get their class bytes first.
        Set<Long> shipped = new HashSet<>();
        Set<Long> partIds = new HashSet<>();
        List<TaskEnvelope.MapPart> parts = new ArrayList<>();
        List<Long> drops = new ArrayList<>();
        for (ClusterTask t : tasks) {
            SharedFunction part = t.prepared.shared();
            if (part == null || s.shared.contains(part.id()) || !partIds.add(part.id())) continue;
            parts.add(TaskEnvelope.MapPart.of(part, classes(part.prepared().classes(), false, s, shipped, envelopes)));
            if (part.isReleased()) drops.add(part.id()); else s.shared.add(part.id());
            s.sharedInFlight.add(part.id());
        }
        List<byte[]> classes = new ArrayList<>(tasks.size());
        for (ClusterTask t : tasks) {
            classes.add(classes(t.prepared.classes(), t.sendClasses, s, shipped, envelopes));
            t.sendClasses = false;
        }
        return new Batch(tasks, classes, parts, drops);
    }

    /** A class set's bytes if {@code s} may not know it and this call does not carry it yet, else null. */
    private static byte[] classes(javafutures.process.ClassSet set, boolean force, MemberSlot s, Set<Long> shipped,
                                  Envelopes envelopes) {
        long id = set.id();
        boolean ship = (force || !s.knownClassSets.contains(id)) && shipped.add(id);
        return ship ? envelopes.classBytes(set) : null;
    }
}
