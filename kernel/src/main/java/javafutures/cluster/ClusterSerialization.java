package javafutures.cluster;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Hazelcast's factory for the objects that cross the cluster: {@link TaskEnvelope} (a signed batch of
 * tasks), {@link ReplyBatch} and its {@link TaskReply}s, and {@link JarShipment} (signed too). They are
 * {@code IdentifiedDataSerializable}, so Hazelcast never uses Java serialization
 * (nor its class-name lookup) for them; the notebook's own objects travel inside them as bytes.
 */
final class ClusterSerialization implements DataSerializableFactory {
    /** Must be the same on every member and client; 0x4A46 is "JF". */
    static final int FACTORY_ID = 0x4A46;
    static final int ENVELOPE = 1;
    static final int REPLY = 2;
    static final int REPLY_BATCH = 3;
    static final int JARS = 4;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case ENVELOPE -> new TaskEnvelope();
            case REPLY -> new TaskReply();
            case REPLY_BATCH -> new ReplyBatch();
            case JARS -> new JarShipment();
            default -> null;
        };
    }
}
