package javafutures.cluster;

import javafutures.process.ClassSet;
import javafutures.process.PreparedTask;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;

/**
 * Makes a pool's {@link TaskEnvelope}s: its session id, the class bytes of each class set (encoded once,
 * held while the set is in use), and the MAC with the pool's secret. Thread-safe.
 */
final class Envelopes {
    private final String session = UUID.randomUUID().toString();
    private final TaskSigner signer;
    private final Map<ClassSet, byte[]> classBytes = new WeakHashMap<>();

    Envelopes(byte[] secret) {
        this.signer = new TaskSigner(secret);
    }

    /** The pool's session id: members keep notebook classes and jars per session. */
    String session() {
        return session;
    }

    /** Signs a shipment of the notebook's jars, as tasks are signed: a member loads no jar an outsider sent. */
    JarShipment signed(JarShipment s) {
        s.mac = signer.mac(s);
        return s;
    }

    /** A signed envelope of a batch's tasks, with the class bytes and map parts it carries. */
    TaskEnvelope of(Batch b) {
        List<ClusterTask> tasks = b.tasks();
        TaskEnvelope.Task[] wire = new TaskEnvelope.Task[tasks.size()];
        for (int i = 0; i < wire.length; i++) {
            PreparedTask t = tasks.get(i).prepared;
            wire[i] = new TaskEnvelope.Task(t.classes().id(), b.classes().get(i), t.bytes());
        }
        long[] drops = b.drops().stream().mapToLong(Long::longValue).toArray();
        return signed(new TaskEnvelope(session, wire)
                .withParts(b.parts().toArray(new TaskEnvelope.MapPart[0]), drops));
    }

    /** A signed envelope with no task that tells a member to drop the map part {@code id} (its map ended). */
    TaskEnvelope drop(long id) {
        return signed(new TaskEnvelope(session, new TaskEnvelope.Task[0])
                .withParts(new TaskEnvelope.MapPart[0], new long[] {id}));
    }

    /** Signs {@code e} with the pool's secret. */
    TaskEnvelope signed(TaskEnvelope e) {
        signer.sign(e);
        return e;
    }

    /** The bytes of every class in {@code set}, for a member that may not know it; null for no classes. */
    byte[] classBytes(ClassSet set) {
        if (set == ClassSet.EMPTY) return null;
        synchronized (classBytes) {
            byte[] b = classBytes.get(set);
            if (b == null) {
                try {
                    b = set.encodeFor(new HashSet<>());
                } catch (IOException e) {
                    throw new IllegalStateException(e); // in-memory encoding
                }
                classBytes.put(set, b);
            }
            return b;
        }
    }
}
