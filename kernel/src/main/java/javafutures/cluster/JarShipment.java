package javafutures.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The notebook's jars on their way to a member, next to the class shipping of {@link TaskEnvelope}: either one
 * jar's bytes to keep in the member's cache (named by its SHA-256), or a session's whole ordered list of jar
 * hashes to put on its class path. Running it on a member returns "" when done, or {@code "missing H..."}
 * naming the hashes the member does not hold (the kernel then sends them), or why it was refused: like a
 * {@link TaskEnvelope}, a shipment must be signed with the pool's secret, else anyone who reaches a member
 * could put classes of their own on a pool's class path. See {@link ClusterJars}.
 */
final class JarShipment implements Callable<String>, IdentifiedDataSerializable {
    String session;
    String hash;
    byte[] bytes;
    List<String> order;
    /** HMAC-SHA256 with the pool's secret ({@link TaskSigner}): a member refuses a shipment without a valid one. */
    byte[] mac;

    JarShipment() {
    }

    static JarShipment store(String hash, byte[] bytes) {
        JarShipment s = new JarShipment();
        s.hash = hash;
        s.bytes = bytes;
        return s;
    }

    static JarShipment use(String session, List<String> order) {
        JarShipment s = new JarShipment();
        s.session = session;
        s.order = order;
        return s;
    }

    @Override
    public String call() throws IOException {
        String refused = MemberRuntime.refusal(this);
        if (refused != null) return refused;
        return bytes != null ? MemberJars.store(hash, bytes) : MemberJars.use(session, order);
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.JARS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(session);
        out.writeString(hash);
        out.writeByteArray(bytes);
        out.writeInt(order == null ? -1 : order.size());
        if (order != null) for (String h : order) out.writeString(h);
        out.writeByteArray(mac);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        session = in.readString();
        hash = in.readString();
        bytes = in.readByteArray();
        int n = in.readInt();
        if (n >= 0) {
            order = new ArrayList<>(n);
            for (int i = 0; i < n; i++) order.add(in.readString());
        }
        mac = in.readByteArray();
    }
}
