package javafutures.cluster;

import javafutures.futures.CheckedRunnable;
import javafutures.process.LoaderObjectInputStream;
import javafutures.process.RemoteErrors;
import javafutures.process.SerialPaths;
import javafutures.process.Wire;
import javafutures.worker.SharedSnippetLoaders;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member side of a {@link ClusterPool}: runs {@link TaskEnvelope}s on Hazelcast's executor threads.
 * Notebook classes are defined per kernel pool session (a {@link SharedSnippetLoaders}: bytes cached by
 * content hash, one class identity and one set of static fields per session, as in a process worker); the
 * top-level variables a task carries are stored into the session's classes before it runs. Thread-safe.
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

    private final Map<String, SharedSnippetLoaders> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SharedSnippetLoaders> e) {
            return size() > MAX_SESSIONS;
        }
    };
    private final Map<String, Field> fields = new ConcurrentHashMap<>();

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

    private SharedSnippetLoaders session(String id) {
        synchronized (sessions) {
            return sessions.computeIfAbsent(id, k -> new SharedSnippetLoaders(MemberJars.loader(k))); // the notebook's jars under its classes
        }
    }

    TaskReply run(TaskEnvelope e) {
        ClassLoader loader;
        try {
            loader = session(e.session).loaderFor(e.classSet, e.classes);
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
            Object task = decode(e.task, loader);
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

    /** The task, after storing the values of the top-level variables it carries (see {@code TaskCodec}). */
    private Object decode(byte[] payload, ClassLoader loader) throws Exception {
        try (LoaderObjectInputStream in = new LoaderObjectInputStream(
                new ByteArrayInputStream(payload, 8, payload.length - 8), loader, payload.length)) {
            Object task = in.readObject();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String owner = in.readUTF();
                String name = in.readUTF();
                Object value = in.readObject();
                field(loader, owner, name).set(null, value);
            }
            return task;
        }
    }

    private Field field(ClassLoader loader, String owner, String name) throws ReflectiveOperationException {
        String key = System.identityHashCode(loader) + "/" + owner + "." + name;
        Field f = fields.get(key);
        if (f == null || f.getDeclaringClass().getClassLoader() != loader) {
            f = Class.forName(owner, false, loader).getDeclaredField(name);
            f.setAccessible(true);
            fields.put(key, f);
        }
        return f;
    }
}
