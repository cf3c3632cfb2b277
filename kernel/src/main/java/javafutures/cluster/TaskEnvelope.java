package javafutures.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A batch of tasks on its way to one member, signed: the kernel's pool session (members keep notebook
 * classes per session), then per task the class-set version its code needs, that set's class bytes when the
 * member may not have them yet (null otherwise), and the task's bytes as {@code TaskCodec} wrote them; the
 * map parts ({@code SharedFunction}: a map's function and the values it reads) its chunks need and the member
 * was not sent yet, each with its id, class set and class bytes as a task has them, stored before the tasks
 * run; the ids of parts to drop after them (a map that ended); and a MAC ({@link TaskSigner}, HMAC-SHA256
 * with the pool's secret) over all of that. A member runs the tasks in order only if the MAC is valid, and
 * answers a {@link ReplyBatch}; it never throws, so whatever the tasks did comes back the same way. An
 * envelope with no tasks only drops parts.
 */
final class TaskEnvelope implements Callable<ReplyBatch>, IdentifiedDataSerializable {
    /** Tasks one envelope may carry. */
    static final int MAX_BATCH = 256;

    String session;
    long[] classSets;
    byte[][] classes;
    byte[][] tasks;
    /** Map parts to store before the tasks: id, class set, class bytes (or null), payload. */
    long[] partIds = new long[0];
    long[] partClassSets = new long[0];
    byte[][] partClasses = new byte[0][];
    byte[][] parts = new byte[0][];
    /** Map parts to drop after the tasks. */
    long[] drops = new long[0];
    byte[] mac;

    TaskEnvelope() {
    }

    TaskEnvelope(String session, long[] classSets, byte[][] classes, byte[][] tasks) {
        this.session = session;
        this.classSets = classSets;
        this.classes = classes;
        this.tasks = tasks;
    }

    /** Adds the map parts to store before the tasks run and the ids to drop after them. */
    TaskEnvelope withParts(long[] ids, long[] classSets, byte[][] classes, byte[][] payloads, long[] drops) {
        this.partIds = ids;
        this.partClassSets = classSets;
        this.partClasses = classes;
        this.parts = payloads;
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
        for (int i = 0; i < tasks.length; i++) {
            out.writeLong(classSets[i]);
            out.writeByteArray(classes[i]);
            out.writeByteArray(tasks[i]);
        }
        out.writeInt(parts.length);
        for (int i = 0; i < parts.length; i++) {
            out.writeLong(partIds[i]);
            out.writeLong(partClassSets[i]);
            out.writeByteArray(partClasses[i]);
            out.writeByteArray(parts[i]);
        }
        out.writeLongArray(drops);
        out.writeByteArray(mac);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        session = in.readString();
        int n = in.readInt();
        if (n < 0 || n > MAX_BATCH) throw new IOException("bad task count " + n);
        classSets = new long[n];
        classes = new byte[n][];
        tasks = new byte[n][];
        for (int i = 0; i < n; i++) {
            classSets[i] = in.readLong();
            classes[i] = in.readByteArray();
            tasks[i] = in.readByteArray();
        }
        int p = in.readInt();
        if (p < 0 || p > MAX_BATCH) throw new IOException("bad map part count " + p);
        partIds = new long[p];
        partClassSets = new long[p];
        partClasses = new byte[p][];
        parts = new byte[p][];
        for (int i = 0; i < p; i++) {
            partIds[i] = in.readLong();
            partClassSets[i] = in.readLong();
            partClasses[i] = in.readByteArray();
            parts[i] = in.readByteArray();
        }
        drops = in.readLongArray();
        if (drops == null) drops = new long[0];
        if (drops.length > MAX_BATCH) throw new IOException("bad drop count " + drops.length);
        mac = in.readByteArray();
    }
}
