package javafutures.cluster;

import javafutures.futures.CheckedRunnable;
import javafutures.process.RemoteErrors;
import javafutures.process.SerialPaths;
import javafutures.process.Wire;
import javafutures.worker.SharedSnippetLoaders;
import javafutures.worker.TaskDecoder;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The member side of a {@link ClusterPool}: runs {@link TaskEnvelope}s on Hazelcast's executor threads.
 * Notebook classes are defined per kernel pool session (a {@link SharedSnippetLoaders}: bytes cached by
 * content hash, one class identity and one set of static fields per session, as in a process worker); the
 * top-level variables a task carries are stored into the session's classes before it runs. A map's function
 * and values come once per map (parts of the envelope, kept per session in a bounded cache, see
 * {@link MemberSession}); a chunk whose part this member lacks answers {@link TaskReply#NEED_PART}. Thread-safe.
 *
 * <p>Tasks of one session run concurrently when the member has several executor threads, and share its
 * static fields: two tasks that carry different values of the same top-level variable and run at once on
 * one member may see each other's value. {@link ClusterPool#local} members have one thread each, so there
 * a member behaves exactly like a process worker.
 */
final class MemberRuntime {
    /** Sessions kept per member; an evicted one is simply re-learned (its static fields start afresh). */
    private static final int MAX_SESSIONS = 16;
    private static volatile MemberRuntime instance;
    private static volatile TaskSigner signer;

    private final Map<String, MemberSession> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MemberSession> e) {
            return size() > MAX_SESSIONS;
        }
    };

    private MemberRuntime() {
        CapturedOutput.install();
    }

    static MemberRuntime get() {
        MemberRuntime r = instance;
        if (r == null) {
            synchronized (MemberRuntime.class) {
                if (instance == null) instance = new MemberRuntime();
                r = instance;
            }
        }
        return r;
    }

    private MemberSession session(String id) {
        synchronized (sessions) {
            return sessions.computeIfAbsent(id, k -> new MemberSession(MemberJars.loader(k))); // the notebook's jars under its classes
        }
    }

    /** The secret envelopes must be signed with; until it is set, every envelope is refused. */
    static void setSecret(byte[] secret) {
        signer = new TaskSigner(secret);
    }

    /** Null if {@code s} is signed with this member's secret; otherwise why it is refused (also logged). */
    static String refusal(JarShipment s) {
        TaskSigner signer = MemberRuntime.signer;
        if (signer != null && signer.verify(s)) return null;
        String why = signer == null ? "this member has no secret" : s.mac == null ? "it carries no MAC" : "its MAC is wrong";
        System.err.println("java-futures member: refused a jar shipment: " + why);
        return "refused: " + why + " (jars must be signed with the pool's secret)";
    }

    /**
     * Runs the envelope's tasks in order, if it is signed with this member's secret; refuses (and logs) it
     * otherwise.
     */
    ReplyBatch run(TaskEnvelope e) {
        TaskSigner s = signer;
        TaskReply[] replies = new TaskReply[e.size()];
        if (s == null || !s.verify(e)) {
            String why = s == null ? "this member has no secret" : e.mac == null ? "it carries no MAC" : "its MAC is wrong";
            System.err.println("java-futures member: refused a task envelope of session " + e.session + " ("
                    + e.size() + " tasks, " + e.parts.length + " map parts): " + why + "; only the pool that holds this member's secret may run tasks");
            SecurityException refused = new SecurityException("the member refused the task: " + why
                    + " (tasks must be signed with the pool's secret)");
            for (int i = 0; i < replies.length; i++) replies[i] = error(0, refused, null);
            return new ReplyBatch(replies);
        }
        if (replies.length == 0 && e.parts.length == 0) { // only drops: never start a session for them
            MemberSession session;
            synchronized (sessions) {
                session = sessions.get(e.session);
            }
            if (session != null) for (long id : e.drops) session.decoder.unshare(id);
            return new ReplyBatch(replies);
        }
        MemberSession session = session(e.session);
        for (TaskEnvelope.MapPart part : e.parts) session.share(part);
        for (int i = 0; i < replies.length; i++) replies[i] = run(session, e.tasks[i]);
        for (long id : e.drops) session.decoder.unshare(id);
        return new ReplyBatch(replies);
    }

    private TaskReply run(MemberSession session, TaskEnvelope.Task sent) {
        ClassLoader loader;
        try {
            loader = session.loaders.loaderFor(sent.classSet(), sent.classes());
        } catch (IOException | RuntimeException ex) {
            return error(0, ex, null);
        }
        if (loader == null) return new TaskReply(TaskReply.NEED_CLASSES, 0, null, null, null);
        Thread self = Thread.currentThread();
        ClassLoader previous = self.getContextClassLoader();
        CapturedOutput.begin();
        long start = System.nanoTime();
        Object value = null;
        Throwable failure = null;
        try {
            self.setContextClassLoader(loader);
            Object task = session.decoder.decode(sent.bytes(), 8, loader);
            if (task instanceof Callable<?> c) value = c.call();
            else if (task instanceof CheckedRunnable r) r.runChecked(); // its checked exception, unwrapped
            else ((Runnable) task).run();
        } catch (Throwable t) {
            failure = t;
        } finally {
            self.setContextClassLoader(previous);
            Thread.interrupted(); // a cancel's interrupt must not leak into the executor's next task
        }
        long nanos = System.nanoTime() - start;
        String[] printed = CapturedOutput.end();
        if (failure instanceof TaskDecoder.MissingPartException) return new TaskReply(TaskReply.NEED_PART, 0, null, null, null);
        if (failure != null) return error(nanos, failure, printed);
        Wire.Buffer buf = new Wire.Buffer(256);
        try (ObjectOutputStream oos = new ObjectOutputStream(buf)) {
            oos.writeObject(value);
        } catch (NotSerializableException ex) {
            SerialPaths.Culprit c = SerialPaths.find(value, "the result");
            return error(nanos, new NotSerializableException("the task's result" + (c == null ? "" : " (" + c.path()
                    + " is a " + c.type().getName() + ")") + " is not serializable, so it cannot return to the kernel: "
                    + ex.getMessage()), printed);
        } catch (IOException | RuntimeException ex) {
            return error(nanos, ex, printed);
        }
        return new TaskReply(TaskReply.OK, nanos, buf.toByteArray(), printed[0], printed[1]);
    }

    private static TaskReply error(long nanos, Throwable t, String[] printed) {
        Wire.Buffer buf = new Wire.Buffer(1024);
        try {
            RemoteErrors.encode(t, buf);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + t, e); // in-memory: does not happen
        }
        return new TaskReply(TaskReply.ERROR, nanos, buf.toByteArray(), printed == null ? null : printed[0],
                printed == null ? null : printed[1]);
    }
}
