package javafutures.process;

import javafutures.futures.ChunkTask;
import javafutures.futures.PoolEngine;

import java.util.List;
import java.util.function.Function;

/**
 * The part every remote engine (worker JVMs, cluster members) shares: a task is serialized at submit, in the
 * submitting thread ({@link TaskCodec#prepare}: an unserializable capture fails there, in the cell), and a
 * map chunk is a {@link MapChunk}, serialized as it is sent. Engines then ship {@link PreparedTask}s.
 */
public abstract class SerialEngine extends PoolEngine {
    protected SerialEngine(String poolName) {
        super(poolName);
    }

    @Override
    protected Object prepare(Object task) {
        return TaskCodec.prepare(task);
    }

    @Override
    protected ChunkTask<?, ?> chunk(Function<Object, Object> fn, List<Object> items) {
        return new MapChunk<>(fn, items);
    }

    /** The serialized task of {@code f}. */
    protected static PreparedTask prepared(javafutures.futures.PoolFuture<?> f) {
        return (PreparedTask) task(f);
    }
}
