package javafutures.cluster;

import javafutures.process.SharedFunction;

/**
 * A {@link Dispatcher}'s bookkeeping of map parts ({@link SharedFunction}: a map's function and the values it
 * reads, serialized once per map): which member was sent which lives in {@link MemberSlot#shared}; this
 * counts how often parts travelled, and handles a member's {@link TaskReply#NEED_PART}. Members keep parts in
 * a bounded cache, so a member may lack one the kernel sent (it restarted, or dropped it for newer ones): it
 * then answers NEED_PART and the chunk goes again, with the part, so correctness never depends on the cache.
 * Guarded by the dispatcher's lock.
 */
final class MapParts {
    private long sent;
    private long bytes;
    private long askedAgain;
    private long drops;
    private long taskBytes;

    /** {@code e} is on its way: counts the parts it carries, and its tasks' bytes. */
    void sent(TaskEnvelope e) {
        sent += e.parts.length;
        for (TaskEnvelope.MapPart p : e.parts) bytes += p.payload().length;
        for (TaskEnvelope.Task t : e.tasks) taskBytes += t.bytes().length;
    }

    /** {@code s} answered NEED_PART for {@code t}: it holds neither the part nor, perhaps, the part's classes. */
    void askedAgain(MemberSlot s, ClusterTask t) {
        SharedFunction part = t.prepared.shared();
        if (part == null) return;
        askedAgain++;
        s.shared.remove(part.id());
        s.knownClassSets.remove(part.prepared().classes().id());
    }

    void dropped(int members) {
        drops += members;
    }

    long[] traffic() {
        return new long[] {sent, bytes, askedAgain, drops, taskBytes};
    }
}
