package javafutures.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import javafutures.process.SharedFunction;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A batch of tasks on its way to one member, signed: the kernel's pool session (members keep notebook
 * classes per session); the tasks, each with its class set ({@link Task}); the map parts ({@link MapPart}:
 * a map's function and the values it reads) its chunks need and the member was not sent yet, stored before
 * the tasks run; the ids of parts to drop after them (a map that ended); and a MAC ({@link TaskSigner},
 * HMAC-SHA256 with the pool's secret) over all of that. A member runs the tasks in order only if the MAC is
 * valid, and answers a {@link ReplyBatch}; it never throws, so whatever the tasks did comes back the same
 * way. An envelope with no tasks only drops parts.
 *
 * <p>Not thread-safe: built and signed by one thread, then handed to Hazelcast (or read by it on the member),
 * and not modified after it is signed.
 */
final class TaskEnvelope implements Callable<ReplyBatch>, IdentifiedDataSerializable {
    /** Tasks one envelope may carry. */
    static final int MAX_BATCH = 256;

    String session;
    /** The tasks, run in this order. */
    Task[] tasks;
    /** Map parts to store before the tasks. */
    MapPart[] parts = new MapPart[0];
    /** Map parts to drop after the tasks. */
    long[] drops = new long[0];
    byte[] mac;

    TaskEnvelope() {
    }

    TaskEnvelope(String session, Task[] tasks) {
        this.session = session;
        this.tasks = tasks;
    }

    /** Adds the map parts to store before the tasks run and the ids to drop after them. */
    TaskEnvelope withParts(MapPart[] parts, long[] drops) {
        this.parts = parts;
        this.drops = drops;
        return this;
    }

    int size() {
        return tasks.length;
    }

    @Override
    public ReplyBatch call() {
        return MemberRuntime.get().run(this);
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.ENVELOPE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(session);
        out.writeInt(tasks.length);
        for (Task task : tasks) {
            out.writeLong(task.classSet());
            out.writeByteArray(task.classes());
            out.writeByteArray(task.bytes());
        }
        out.writeInt(parts.length);
        for (MapPart part : parts) {
            out.writeLong(part.id());
            out.writeLong(part.classSet());
            out.writeByteArray(part.classes());
            out.writeByteArray(part.payload());
        }
        out.writeLongArray(drops);
        out.writeByteArray(mac);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        session = in.readString();
        int n = in.readInt();
        if (n < 0 || n > MAX_BATCH) throw new IOException("bad task count " + n);
        tasks = new Task[n];
        for (int i = 0; i < n; i++) tasks[i] = new Task(in.readLong(), in.readByteArray(), in.readByteArray());
        int p = in.readInt();
        if (p < 0 || p > MAX_BATCH) throw new IOException("bad map part count " + p);
        parts = new MapPart[p];
        for (int i = 0; i < p; i++) parts[i] = new MapPart(in.readLong(), in.readLong(), in.readByteArray(), in.readByteArray());
        drops = in.readLongArray();
        if (drops == null) drops = new long[0];
        if (drops.length > MAX_BATCH) throw new IOException("bad drop count " + drops.length);
        mac = in.readByteArray();
    }

    /**
     * One task as it travels: the id of the class set its code needs, that set's class bytes when the member may
     * not have them yet (null otherwise), and the task's bytes as {@code TaskCodec} wrote them. Immutable by
     * contract, as {@link MapPart}.
     */
    record Task(long classSet, byte[] classes, byte[] bytes) {
    }

    /**
     * One map part as it travels: the {@link SharedFunction}'s id, the id of the class set its code needs, that
     * set's class bytes when the member may not have them yet (null otherwise, as for a task), and the part's
     * bytes as {@code TaskCodec} wrote them. Immutable by contract: the arrays are not copied (parts are large),
     * so nobody modifies them once the part is made; then it is safe to share between threads.
     */
    record MapPart(long id, long classSet, byte[] classes, byte[] payload) {
        /** {@code part} as it travels, with its class set's bytes {@code classes} (or null). */
        static MapPart of(SharedFunction part, byte[] classes) {
            return new MapPart(part.id(), part.prepared().classes().id(), classes, part.prepared().bytes());
        }
    }
}
