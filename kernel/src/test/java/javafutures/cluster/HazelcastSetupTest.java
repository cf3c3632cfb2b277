package javafutures.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.internal.serialization.SerializationClassNameFilter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The security-relevant configuration, and MemberMain's command line. No Hazelcast instance is started. */
class HazelcastSetupTest {
    @Test
    void serializationFilterAllowsOurTypesAndJdkBasicsOnly() {
        SerializationClassNameFilter f = new SerializationClassNameFilter(HazelcastSetup.serializationFilter());
        f.filter(TaskEnvelope.class.getName());
        f.filter("java.util.ArrayList");
        f.filter("java.lang.IllegalStateException");
        assertThrows(SecurityException.class, () -> f.filter("org.apache.commons.collections.functors.InvokerTransformer"));
        assertThrows(SecurityException.class, () -> f.filter("REPL.$JShell$12$Point"));
        assertThrows(SecurityException.class, () -> f.filter("java.rmi.server.UnicastRemoteObject"));
        assertThrows(SecurityException.class, () -> f.filter("javax.management.BadAttributeValueExpException"));
    }

    @Test
    void membersBindToOneInterfaceAndJoinByTcpOnly() {
        Config c = HazelcastSetup.member(new HazelcastSetup.MemberOptions("jf-test", "127.0.0.1", 15999,
                List.of(), 2, true));
        assertEquals("jf-test", c.getClusterName());
        assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        assertTrue(c.getNetworkConfig().getInterfaces().isEnabled());
        assertEquals(List.of("127.0.0.1"), List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
        assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertFalse(c.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled());
        assertEquals(List.of("127.0.0.1:15999"), c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertEquals(2, c.getExecutorConfig(HazelcastSetup.EXECUTOR).getPoolSize());
        assertNotNull(c.getSerializationConfig().getJavaSerializationFilterConfig());
    }

    @Test
    void memberCommandLine() {
        MemberMain.Options o = MemberMain.Options.parse(new String[]{"--cluster-name", "lab", "--host", "10.0.0.5",
                "--port", "5702", "--members", "10.0.0.5:5701, 10.0.0.6:5701", "--threads", "3", "--watch-stdin",
                "--secret-file", "/etc/jf/secret"});
        assertEquals("lab", o.clusterName);
        assertEquals("10.0.0.5", o.host);
        assertEquals(5702, o.port);
        assertEquals(List.of("10.0.0.5:5701", "10.0.0.6:5701"), o.members);
        assertEquals(3, o.threads);
        assertTrue(o.watchStdin);
        assertEquals(java.nio.file.Path.of("/etc/jf/secret"), o.secretFile);
        assertThrows(IllegalArgumentException.class, () -> MemberMain.Options.parse(new String[]{"--cluster-name", "x"}),
                "a member without a secret runs nothing: it refuses to start");
        assertThrows(IllegalArgumentException.class, () -> MemberMain.Options.parse(new String[]{"--port", "5701"}));
        assertThrows(IllegalArgumentException.class, () -> MemberMain.Options.parse(new String[]{"--cluster-name", "x", "--port", "0"}));
        assertThrows(IllegalArgumentException.class, () -> MemberMain.Options.parse(new String[]{"--cluster-name", "x", "--bogus"}));
    }
}
