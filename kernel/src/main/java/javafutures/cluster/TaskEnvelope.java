package javafutures.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One task on its way to a member: the kernel's pool session (members keep notebook classes per session),
 * the class-set version its code needs, that set's class bytes when the member may not have them yet (null
 * otherwise), and the task's bytes as {@code TaskCodec} wrote them. Running it on a member returns a
 * {@link TaskReply}; it never throws, so whatever the task did comes back the same way.
 */
final class TaskEnvelope implements Callable<TaskReply>, IdentifiedDataSerializable {
    String session;
    long classSet;
    byte[] classes;
    byte[] task;

    TaskEnvelope() {
    }

    TaskEnvelope(String session, long classSet, byte[] classes, byte[] task) {
        this.session = session;
        this.classSet = classSet;
        this.classes = classes;
        this.task = task;
    }

    @Override
    public TaskReply call() {
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
        out.writeLong(classSet);
        out.writeByteArray(classes);
        out.writeByteArray(task);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        session = in.readString();
        classSet = in.readLong();
        classes = in.readByteArray();
        task = in.readByteArray();
    }
}
