package javafutures.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import javafutures.process.PreparedTask;
import javafutures.process.SerializableFunction;
import javafutures.process.SharedFunction;
import javafutures.process.SharedParts;
import javafutures.process.TaskCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A member's side of map parts, spoken to directly as a Hazelcast client would: a part comes signed in an
 * envelope and is kept per session until dropped (signed) or pushed out of the member's bounded cache; a chunk
 * whose part the member lacks answers NEED_PART; an unsigned or forged part, or drop, is refused and changes
 * nothing.
 */
class MemberMapPartsTest {
    private static ClusterPool pool;
    private static HazelcastInstance client;
    private static Member member;
    private static Envelopes signed;

    @BeforeAll
    static void start() {
        pool = ClusterPool.local(1);
        Dispatcher d = pool.dispatcher();
        signed = d.envelopes;
        client = HazelcastClient.newHazelcastClient(HazelcastSetup.client(pool.clusterName(),
                d.connection.memberAddresses(), 30_000));
        member = client.getCluster().getMembers().iterator().next();
    }

    @AfterAll
    static void stop() {
        if (client != null) client.shutdown();
        if (pool != null) pool.shutdownNow();
    }

    private static ReplyBatch call(TaskEnvelope e) throws Exception {
        return client.<ReplyBatch>getExecutorService(HazelcastSetup.EXECUTOR).submitToMember(e, member).get(60, TimeUnit.SECONDS);
    }

    /** An unsigned envelope of session {@code session}: the chunks, and the parts to store first. */
    private static TaskEnvelope envelope(String session, List<PreparedTask> chunks, List<SharedFunction> parts, long... drops) {
        TaskEnvelope.Task[] tasks = chunks.stream().map(c -> new TaskEnvelope.Task(c.classes().id(), null, c.bytes()))
                .toArray(TaskEnvelope.Task[]::new);
        TaskEnvelope.MapPart[] wire = parts.stream().map(p -> TaskEnvelope.MapPart.of(p, null)).toArray(TaskEnvelope.MapPart[]::new);
        return new TaskEnvelope(session, tasks).withParts(wire, drops);
    }

    private static TaskReply one(TaskEnvelope e) throws Exception {
        ReplyBatch b = call(e);
        assertEquals(1, b.replies.length);
        return b.replies[0];
    }

    private static Object value(TaskReply r) throws Exception {
        assertEquals(TaskReply.OK, r.kind, () -> "expected a value, got kind " + r.kind);
        return new ArrayList<>((List<?>) TaskCodec.decodeValue(r.body, 0, MemberMapPartsTest.class.getClassLoader()));
    }

    @Test
    void aPartIsKeptUntilASignedDropAndAForgedOneChangesNothing() throws Exception {
        String session = "parts-" + UUID.randomUUID();
        SerializableFunction<Integer, Integer> twice = x -> x * 2;
        SharedFunction part = SharedParts.share(twice);
        PreparedTask chunk = SharedParts.chunk(part, twice, List.of(1, 2, 3));

        TaskReply unsigned = one(envelope(session, List.of(chunk), List.of(part)));
        assertEquals(TaskReply.ERROR, unsigned.kind, "an unsigned part with its chunk is refused");
        TaskEnvelope forged = envelope(session, List.of(chunk), List.of(part));
        new TaskSigner(TaskSigner.decode(TaskSigner.newSecret())).sign(forged);
        assertEquals(TaskReply.ERROR, one(forged).kind, "a part signed with another secret is refused");
        assertEquals(TaskReply.NEED_PART, one(signed.signed(envelope(session, List.of(chunk), List.of()))).kind,
                "the refused parts were not kept: the member asks for the part");

        assertEquals(List.of(2, 4, 6), value(one(signed.signed(envelope(session, List.of(chunk), List.of(part))))));
        assertEquals(List.of(2, 4, 6), value(one(signed.signed(envelope(session, List.of(chunk), List.of())))),
                "the part is kept: a later chunk names it only");
        assertEquals(TaskReply.NEED_PART, one(signed.signed(envelope("other-" + session, List.of(chunk), List.of()))).kind,
                "parts are kept per session: another pool's chunk with the same id does not see it");

        assertEquals(0, call(envelope(session, List.of(), List.of(), part.id())).replies.length); // unsigned drop
        TaskEnvelope forgedDrop = envelope(session, List.of(), List.of(), part.id());
        new TaskSigner(TaskSigner.decode(TaskSigner.newSecret())).sign(forgedDrop);
        call(forgedDrop);
        assertEquals(List.of(2, 4, 6), value(one(signed.signed(envelope(session, List.of(chunk), List.of())))),
                "an unsigned or forged drop changes nothing");
        call(signed.signed(envelope(session, List.of(), List.of(), part.id())));
        assertEquals(TaskReply.NEED_PART, one(signed.signed(envelope(session, List.of(chunk), List.of()))).kind,
                "a signed drop drops it");
    }

    @Test
    void theMemberKeepsABoundedNumberOfPartsAndAsksForADroppedOne() throws Exception {
        String session = "bounded-" + UUID.randomUUID();
        List<SharedFunction> parts = new ArrayList<>();
        List<PreparedTask> chunks = new ArrayList<>();
        for (int k = 0; k <= MemberSession.MAX_PARTS; k++) {
            int add = k;
            SerializableFunction<Integer, Integer> plus = x -> x + add;
            SharedFunction p = SharedParts.share(plus);
            parts.add(p);
            chunks.add(SharedParts.chunk(p, plus, List.of(10, 20))); // a chunk of one item returns the value itself
            assertEquals(List.of(10 + k, 20 + k), value(one(signed.signed(envelope(session, List.of(chunks.get(k)), List.of(p))))));
        }
        assertEquals(TaskReply.NEED_PART, one(signed.signed(envelope(session, List.of(chunks.get(0)), List.of()))).kind,
                "one part more than the cache holds pushed out the least recently used");
        assertEquals(List.of(10 + MemberSession.MAX_PARTS, 20 + MemberSession.MAX_PARTS),
                value(one(signed.signed(envelope(session, List.of(chunks.get(MemberSession.MAX_PARTS)), List.of())))));
    }
}
