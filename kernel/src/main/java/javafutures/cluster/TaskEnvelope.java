package javafutures.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A batch of tasks on its way to one member, signed: the kernel's pool session (members keep notebook
 * classes per session), then per task the class-set version its code needs, that set's class bytes when the
 * member may not have them yet (null otherwise), and the task's bytes as {@code TaskCodec} wrote them; and a
 * MAC ({@link TaskSigner}, HMAC-SHA256 with the pool's secret) over all of that. A member runs the tasks in
 * order only if the MAC is valid, and answers a {@link ReplyBatch}; it never throws, so whatever the tasks
 * did comes back the same way.
 */
final class TaskEnvelope implements Callable<ReplyBatch>, IdentifiedDataSerializable {
    /** Tasks one envelope may carry. */
    static final int MAX_BATCH = 256;

    String session;
    long[] classSets;
    byte[][] classes;
    byte[][] tasks;
    byte[] mac;

    TaskEnvelope() {
    }

    TaskEnvelope(String session, long[] classSets, byte[][] classes, byte[][] tasks) {
        this.session = session;
        this.classSets = classSets;
        this.classes = classes;
        this.tasks = tasks;
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
        mac = in.readByteArray();
    }
}
