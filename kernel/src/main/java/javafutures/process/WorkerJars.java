package javafutures.process;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The jars and class directories the notebook added, as every worker JVM of the kernel must have them: a
 * worker gets all of them in a {@link Frames#JARS} frame when it starts (so new workers and warm spares have
 * them before their first task, and spares stay interchangeable: the launch command never changes), and a
 * worker already running gets each new one as soon as it is added, before any task submitted afterwards.
 * Paths suffice: workers run on the kernel's machine. Thread-safe; {@link #add} never waits for a worker.
 */
public final class WorkerJars {
    private static final List<String> PATHS = new ArrayList<>();
    /** Live workers and how many of {@link #PATHS} each was sent. */
    private static final Map<WorkerProcess, Integer> SENT = new IdentityHashMap<>();

    private WorkerJars() {
    }

    /** Appends jars (absolute paths) for every worker, running and future; known ones are skipped. */
    public static void add(List<String> paths) {
        List<WorkerProcess> toDrain = new ArrayList<>();
        synchronized (WorkerJars.class) {
            for (String p : paths) if (!PATHS.contains(p)) PATHS.add(p);
            for (Iterator<Map.Entry<WorkerProcess, Integer>> it = SENT.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<WorkerProcess, Integer> e = it.next();
                if (e.getKey().exited()) {
                    it.remove();
                } else if (e.getValue() < PATHS.size()) {
                    e.getKey().enqueue(Frames.JARS, 0, encode(PATHS.subList(e.getValue(), PATHS.size())));
                    e.setValue(PATHS.size());
                    toDrain.add(e.getKey());
                }
            }
        }
        for (WorkerProcess w : toDrain) w.drain(); // outside the lock: a full pipe must not stall other workers
    }

    /** The paths every worker has been given, in order. */
    public static synchronized List<String> paths() {
        return List.copyOf(PATHS);
    }

    /** Called once by a starting worker, before anything else is queued for it. */
    static synchronized void attach(WorkerProcess w) {
        if (!PATHS.isEmpty()) w.enqueue(Frames.JARS, 0, encode(PATHS));
        SENT.put(w, PATHS.size());
    }

    static synchronized void detach(WorkerProcess w) {
        SENT.remove(w);
    }

    static byte[] encode(List<String> paths) {
        Wire.Buffer buf = new Wire.Buffer(64 + 64 * paths.size());
        try {
            DataOutputStream out = new DataOutputStream(buf);
            out.writeInt(paths.size());
            for (String p : paths) Wire.writeString(out, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory
        }
        return buf.toByteArray();
    }

    /** The paths in a {@link Frames#JARS} payload. */
    public static List<String> decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int n = in.readInt();
        if (n < 0 || n > payload.length) throw new IOException("bad JARS frame: " + n + " paths");
        List<String> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) paths.add(Wire.readString(in));
        return paths;
    }
}
