package javafutures.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import javafutures.process.PreparedTask;
import javafutures.process.SerializableCallable;
import javafutures.process.TaskCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Signed tasks: a Hazelcast client that knows a pool's cluster name and address but not its secret cannot
 * run a task on its members; the pool itself (which holds the secret) can. Remote members' secret files
 * must be readable by their owner only.
 */
class ClusterSecurityTest {
    private static ClusterPool pool;
    private static HazelcastInstance stranger;

    @BeforeAll
    static void start() {
        pool = ClusterPool.local(1);
        Dispatcher d = pool.dispatcher();
        stranger = HazelcastClient.newHazelcastClient(HazelcastSetup.client(pool.clusterName(),
                d.connection.memberAddresses(), 30_000));
    }

    @AfterAll
    static void stop() {
        if (stranger != null) stranger.shutdown();
        if (pool != null) pool.shutdownNow();
    }

    private static TaskReply runAsStranger(TaskEnvelope e) throws Exception {
        Member m = stranger.getCluster().getMembers().iterator().next();
        ReplyBatch batch = stranger.<ReplyBatch>getExecutorService(HazelcastSetup.EXECUTOR)
                .submitToMember(e, m).get(60, TimeUnit.SECONDS);
        assertEquals(1, batch.replies.length);
        return batch.replies[0];
    }

    private static TaskEnvelope envelope(Path marker) {
        String path = marker.toString();
        PreparedTask t = TaskCodec.prepare((SerializableCallable<String>) () -> {
            Files.writeString(Path.of(path), "ran");
            return "ran";
        });
        return new TaskEnvelope("stranger-session", new TaskEnvelope.Task[] {new TaskEnvelope.Task(t.classes().id(), null, t.bytes())});
    }

    @Test
    void aClientWithoutTheSecretCannotRunATask(@TempDir Path dir) throws Exception {
        Path unsigned = dir.resolve("unsigned");
        TaskReply r = runAsStranger(envelope(unsigned));
        assertEquals(TaskReply.ERROR, r.kind, "an envelope without a MAC is refused");

        Path forged = dir.resolve("forged");
        TaskEnvelope e = envelope(forged);
        new TaskSigner(TaskSigner.decode(TaskSigner.newSecret())).sign(e); // signed, with another secret
        assertEquals(TaskReply.ERROR, runAsStranger(e).kind, "an envelope signed with another secret is refused");

        Thread.sleep(500);
        assertFalse(Files.exists(unsigned), "the unsigned task never ran");
        assertFalse(Files.exists(forged), "the forged task never ran");
        Path ok = dir.resolve("ok");
        String okPath = ok.toString();
        assertEquals("ran", pool.submit((SerializableCallable<String>) () -> {
            Files.writeString(Path.of(okPath), "ran");
            return "ran";
        }).result(java.time.Duration.ofSeconds(60)), "the pool, which holds the secret, runs tasks");
        assertTrue(Files.exists(ok));
    }

    private static String shipAsStranger(JarShipment s) throws Exception {
        Member m = stranger.getCluster().getMembers().iterator().next();
        return stranger.<String>getExecutorService(HazelcastSetup.EXECUTOR).submitToMember(s, m).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aJarShipmentWithoutTheSecretIsRefusedAndNothingIsStored() throws Exception {
        byte[] jar = ("not really a jar " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String hash = MemberJars.sha256(jar);
        String unsigned = shipAsStranger(JarShipment.store(hash, jar));
        assertTrue(unsigned.startsWith("refused") && unsigned.contains("no MAC"), unsigned);
        JarShipment forged = JarShipment.store(hash, jar);
        forged.mac = new TaskSigner(TaskSigner.decode(TaskSigner.newSecret())).mac(forged);
        String wrong = shipAsStranger(forged);
        assertTrue(wrong.startsWith("refused") && wrong.contains("MAC is wrong"), wrong);
        String use = shipAsStranger(JarShipment.use("stranger-session", List.of(hash)));
        assertTrue(use.startsWith("refused"), "a class path list is refused too: " + use);

        // The refused jar was not kept: the pool's own (signed) request to use it finds it missing ...
        Envelopes signed = pool.dispatcher().envelopes;
        assertEquals("missing " + hash, shipAsStranger(signed.signed(JarShipment.use("security-test-session", List.of(hash)))));
        // ... and the same bytes, signed with the pool's secret, are stored and then usable.
        assertEquals("", shipAsStranger(signed.signed(JarShipment.store(hash, jar))));
        assertEquals("", shipAsStranger(signed.signed(JarShipment.use("security-test-session", List.of(hash)))));
    }

    @Test
    void aSecretFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("secret");
        Files.writeString(f, TaskSigner.newSecret() + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemberSecret.readFile(f));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertEquals(32, MemberSecret.readFile(f).length);
        Files.writeString(f, "short");
        assertThrows(IllegalArgumentException.class, () -> MemberSecret.readFile(f), "a short secret is refused");
        assertThrows(IllegalArgumentException.class, () -> MemberSecret.readLine(new java.io.ByteArrayInputStream(new byte[0])),
                "no secret on stdin: refused");
    }

    @Test
    void connectWithoutASecretFileSaysHowToMakeOne(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterPool.builder()
                .addresses("127.0.0.1:1").secretFile(dir.resolve("missing")).build());
        assertTrue(e.getMessage().contains("--secret-file"), e.getMessage());
        assertTrue(List.of(e.getMessage()).get(0).contains("chmod 600"), e.getMessage());
    }
}
