package javafutures.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * What a member sends back for a {@link TaskEnvelope}: the serialized value ({@link #OK}), the encoded
 * exception ({@link #ERROR}, as {@code RemoteErrors} writes it), or a request for the class bytes
 * ({@link #NEED_CLASSES}: the member does not know the task's class set, e.g. it restarted), or for a map
 * part ({@link #NEED_PART}: the member does not hold the chunk's map function and values: it restarted,
 * joined later, or dropped it from its bounded cache); plus the running time and what the task printed.
 */
final class TaskReply implements IdentifiedDataSerializable {
    static final byte OK = 0;
    static final byte ERROR = 1;
    static final byte NEED_CLASSES = 2;
    static final byte NEED_PART = 3;

    byte kind;
    long nanos;
    byte[] body;
    String out;
    String err;

    TaskReply() {
    }

    TaskReply(byte kind, long nanos, byte[] body, String out, String err) {
        this.kind = kind;
        this.nanos = nanos;
        this.body = body;
        this.out = out;
        this.err = err;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput o) throws IOException {
        o.writeByte(kind);
        o.writeLong(nanos);
        o.writeByteArray(body);
        o.writeString(out);
        o.writeString(err);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = in.readByte();
        nanos = in.readLong();
        body = in.readByteArray();
        out = in.readString();
        err = in.readString();
    }
}
