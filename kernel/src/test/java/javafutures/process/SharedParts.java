package javafutures.process;

import java.util.List;
import java.util.function.Function;

/** Builds map parts and the chunks that name them outside a pool, for tests of other packages (cluster members). */
public final class SharedParts {
    private SharedParts() {
    }

    /** A map's shared part: {@code fn} and the top-level values it reads, serialized once. */
    public static SharedFunction share(Function<?, ?> fn) {
        return new SharedFunction(TaskCodec.prepareFunction(fn, Frames.MAX_PAYLOAD));
    }

    /** A chunk of {@code items} naming {@code part}: its bytes carry the items only. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PreparedTask chunk(SharedFunction part, Function<?, ?> fn, List<?> items) {
        return TaskCodec.prepare(new MapChunk(part, fn, items), Frames.MAX_PAYLOAD).sharing(part);
    }
}
