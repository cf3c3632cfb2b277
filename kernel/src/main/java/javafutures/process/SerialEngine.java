package javafutures.process;

import javafutures.futures.ChunkTask;
import javafutures.futures.PoolEngine;

import java.util.List;
import java.util.function.Function;

/**
 * The part every remote engine (worker JVMs, cluster members) shares: a task is serialized at submit, in the
 * submitting thread ({@link TaskCodec#prepare}: an unserializable capture fails there, in the cell), and a
 * map chunk is a {@link MapChunk}, serialized as it is sent. A map's function and the top-level values it
 * reads are serialized once, when the map starts ({@link SharedFunction}); its chunks name it and carry only
 * their items, and each engine sends the part once per worker or member and releases it in {@code mapEnded}.
 * Engines then ship {@link PreparedTask}s.
 */
public abstract class SerialEngine extends PoolEngine {
    private final long maxTaskBytes;

    /** An engine whose tasks may be as large as a frame can carry. */
    protected SerialEngine(String poolName) {
        this(poolName, Frames.MAX_PAYLOAD);
    }

    /** An engine refusing, at submit, any task longer than {@code maxTaskBytes} once serialized. */
    protected SerialEngine(String poolName, long maxTaskBytes) {
        super(poolName);
        this.maxTaskBytes = maxTaskBytes;
    }

    @Override
    protected Object prepare(Object task) {
        return TaskCodec.prepare(task, maxTaskBytes);
    }

    @Override
    protected ChunkTask<?, ?> chunk(Function<Object, Object> fn, List<Object> items) {
        return new MapChunk<>(fn, items);
    }

    /** The function and its top-level values, serialized once per map: each worker or member gets them once. */
    @Override
    protected Object mapShared(Function<Object, Object> fn) {
        return new SharedFunction(TaskCodec.prepareFunction(fn, maxTaskBytes));
    }

    /** A chunk naming the map's {@link SharedFunction}: its payload holds the items (and what they read) only. */
    @Override
    protected Object prepareChunk(Object shared, Function<Object, Object> fn, List<Object> items) {
        SharedFunction part = (SharedFunction) shared;
        return TaskCodec.prepare(new MapChunk<>(part, fn, items), maxTaskBytes).sharing(part);
    }

    /** The largest serialized task this engine accepts. */
    protected final long maxTaskBytes() {
        return maxTaskBytes;
    }

    /** The serialized task of {@code f}. */
    protected static PreparedTask prepared(javafutures.futures.PoolFuture<?> f) {
        return (PreparedTask) task(f);
    }
}
