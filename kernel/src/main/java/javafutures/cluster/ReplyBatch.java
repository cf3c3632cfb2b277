package javafutures.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/** What a member sends back for a {@link TaskEnvelope}: one {@link TaskReply} per task, in the envelope's order. */
final class ReplyBatch implements IdentifiedDataSerializable {
    TaskReply[] replies;

    ReplyBatch() {
    }

    ReplyBatch(TaskReply[] replies) {
        this.replies = replies;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.REPLY_BATCH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(replies.length);
        for (TaskReply r : replies) r.writeData(out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > TaskEnvelope.MAX_BATCH) throw new IOException("bad reply count " + n);
        replies = new TaskReply[n];
        for (int i = 0; i < n; i++) {
            replies[i] = new TaskReply();
            replies[i].readData(in);
        }
    }
}
