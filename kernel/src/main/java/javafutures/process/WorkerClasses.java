package javafutures.process;

import javafutures.eval.SnippetClasses.ClassVersion;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * What the kernel knows one worker holds of the notebook's classes: the class sets it was sent (by id) and,
 * for each class version (by hash), how many of those sets name it. The worker keeps the same counts
 * ({@code worker.SnippetLoaders}) from the same frames, so both agree on which bytes it holds: those named by
 * a set it still knows. Bytes go to a worker once while it holds them.
 *
 * <p>Sets the kernel has collected ({@link ClassSet#collected}) can never be named by a task again, so the
 * worker is told to forget them (a FORGET frame, sent in order with the tasks: every task sent before it has
 * been read by then), and the bytes only they named are dropped on both sides. A class the worker has already
 * defined stays defined; a set needed again later is a new set, sent again. Not thread-safe: guarded by the
 * pool's monitor, like the rest of a {@link WorkerSlot}.
 */
final class WorkerClasses {
    private final Map<Long, List<String>> sets = new HashMap<>();
    private final Map<String, Integer> setsByHash = new HashMap<>();
    private long collectedSeen = -1;

    /** The CLASSES payload that teaches the worker {@code set}, or null when it knows it (or it is empty). */
    byte[] learn(ClassSet set) throws IOException {
        if (set.id() == 0 || sets.containsKey(set.id())) return null;
        byte[] payload = set.encode(setsByHash::containsKey);
        List<String> hashes = new ArrayList<>(set.classes().size());
        for (ClassVersion v : set.classes()) {
            hashes.add(v.hash());
            setsByHash.merge(v.hash(), 1, Integer::sum);
        }
        sets.put(set.id(), hashes);
        return payload;
    }

    /**
     * The FORGET payload for the sets this worker knows that were collected since the last call, or null when
     * there are none; they are forgotten here at once.
     */
    byte[] forgetCollected() throws IOException {
        long collected = ClassSet.collected();
        if (collected == collectedSeen) return null;
        collectedSeen = collected;
        return forget(ClassSet::isLive);
    }

    /** The FORGET payload for the known sets {@code live} rejects, or null; they are forgotten here at once. */
    byte[] forget(LongPredicate live) throws IOException {
        List<Long> dead = new ArrayList<>();
        for (Iterator<Map.Entry<Long, List<String>>> it = sets.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, List<String>> e = it.next();
            if (live.test(e.getKey())) continue;
            dead.add(e.getKey());
            for (String h : e.getValue()) setsByHash.computeIfPresent(h, (k, n) -> n == 1 ? null : n - 1);
            it.remove();
        }
        return dead.isEmpty() ? null : encodeForget(dead);
    }

    /** FORGET payload: {@code int n}, then {@code n} set ids. */
    static byte[] encodeForget(List<Long> ids) throws IOException {
        Wire.Buffer buf = new Wire.Buffer(4 + 8 * ids.size());
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(ids.size());
        for (long id : ids) out.writeLong(id);
        out.flush();
        return buf.toByteArray();
    }

    int knownSets() {
        return sets.size();
    }

    /** Class versions whose bytes the worker holds. */
    int heldClasses() {
        return setsByHash.size();
    }
}
