package javafutures.process;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code map}'s function serialized once, with the top-level values it reads as they were when the map
 * began (a variable re-assigned later is a new version for a later map): the part every chunk of the map
 * shares. A worker gets it once (a SHARED frame, before the first chunk that needs it; a replacement worker
 * gets it again), keeps the decoded function and values, and stores the values into its static fields before
 * each chunk, so a task of another cell run in between cannot leave other values there. When the map ends it
 * is {@linkplain #released released}: workers that hold it are told to drop it (UNSHARE). Cluster members get
 * it the same way inside a signed envelope ({@code cluster.Dispatcher}); they keep it in a bounded cache and
 * ask for it again when they lack it. Thread-safe.
 */
public final class SharedFunction {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final PreparedTask prepared;
    /** Set once the map ended; read and written under its engine's scheduler lock (WorkerPool's, Dispatcher's). */
    boolean released;

    SharedFunction(PreparedTask prepared) {
        this.prepared = prepared;
    }

    public long id() {
        return id;
    }

    /** The SHARED payload: class-set id, then the function and its values (the TASK format). */
    public PreparedTask prepared() {
        return prepared;
    }

    /** True once the map ended (no chunk of it will be sent again but those already queued). */
    public boolean isReleased() {
        return released;
    }

    /** The map ended: holders are told to drop it; a chunk sent later brings it and drops it after itself. */
    public void markReleased() {
        released = true;
    }

    @Override
    public String toString() {
        return "shared map function " + id + " (" + prepared.size() + " bytes)";
    }
}
