package javafutures.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializationConfig;

import java.util.List;

/**
 * The Hazelcast configuration of members ({@link MemberMain}) and of the kernel's client, in one place so
 * the two always agree. What it settles, and why:
 * <ul>
 *   <li>TCP-IP join on listed addresses only: no multicast, no auto-detection, no phone-home.</li>
 *   <li>Bound to one interface (loopback unless told otherwise), never to every interface.</li>
 *   <li>Java serialization filter on: Hazelcast deserializes only allow-listed classes with
 *       {@code java.io} (our task objects are {@code IdentifiedDataSerializable} and carry the notebook's
 *       objects as bytes, so the list is JDK basics, Hazelcast's own types and ours).</li>
 *   <li>Faster failure detection than Hazelcast's 60 s defaults, so a dead member's tasks fail or retry
 *       within seconds.</li>
 * </ul>
 * Open-source Hazelcast has no authentication or TLS: anyone who can reach a member's port and knows the
 * cluster name can run code on it. Stateless.
 */
final class HazelcastSetup {
    /** The executor members run tasks on. */
    static final String EXECUTOR = "java-futures";
    static final String ATTR_PID = "javafutures.pid";
    static final String ATTR_THREADS = "javafutures.threads";

    private HazelcastSetup() {
    }

    /** How one member is set up ({@link MemberMain}'s options). */
    record MemberOptions(String clusterName, String host, int port, List<String> members, int threads,
                         boolean quiet) {
    }

    static Config member(MemberOptions o) {
        Config c = new Config();
        c.setClusterName(o.clusterName());
        c.setInstanceName("java-futures-member-" + o.port());
        common(c.getSerializationConfig());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.shutdownhook.policy", "TERMINATE");
        c.setProperty("hazelcast.health.monitoring.level", "OFF");
        // Tasks need no partitions; fewer make a member start and join faster.
        c.setProperty("hazelcast.partition.count", "23");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "2");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(o.port()).setPortAutoIncrement(false);
        n.setPublicAddress(o.host() + ":" + o.port());
        n.getInterfaces().setEnabled(true).addInterface(o.host());
        n.getRestApiConfig().setEnabled(false);
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(o.members().isEmpty()
                ? List.of(o.host() + ":" + o.port()) : o.members());
        c.getExecutorConfig(EXECUTOR).setPoolSize(o.threads()).setStatisticsEnabled(false);
        c.getMemberAttributeConfig().setAttribute(ATTR_PID, String.valueOf(ProcessHandle.current().pid()));
        c.getMemberAttributeConfig().setAttribute(ATTR_THREADS, String.valueOf(o.threads()));
        c.getJetConfig().setEnabled(false);
        return c;
    }

    static ClientConfig client(String clusterName, List<String> addresses, long connectTimeoutMillis) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(clusterName);
        c.setInstanceName("java-futures-client-" + Long.toHexString(System.nanoTime()));
        common(c.getSerializationConfig());
        // The kernel's System.err shows under the current cell: Hazelcast's client must stay silent.
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.client.heartbeat.interval", "1000");
        c.setProperty("hazelcast.client.heartbeat.timeout", "10000");
        c.setProperty("hazelcast.client.statistics.enabled", "false");
        c.getNetworkConfig().setAddresses(addresses).setSmartRouting(true);
        c.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeoutMillis)
                .setInitialBackoffMillis(100).setMaxBackoffMillis(2000);
        return c;
    }

    private static void common(SerializationConfig s) {
        s.addDataSerializableFactory(ClusterSerialization.FACTORY_ID, new ClusterSerialization());
        s.setJavaSerializationFilterConfig(serializationFilter());
    }

    /**
     * Hazelcast's {@code java.io} deserialization allow-list. Its defaults are off: they allow every class
     * whose name starts with {@code java} (all of {@code javax.*} too). What may cross is our two types,
     * Hazelcast's own (its exceptions), JDK basics and arrays (whose elements are checked one by one).
     */
    static JavaSerializationFilterConfig serializationFilter() {
        JavaSerializationFilterConfig f = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        f.getWhitelist()
                .addClasses(TaskEnvelope.class.getName(), TaskReply.class.getName())
                .addPackages("java.lang", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
                        "java.time", "java.math", "java.net", "java.io")
                .addPrefixes("com.hazelcast.", "[");
        return f;
    }
}
