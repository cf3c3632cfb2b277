package javafutures.worker;

import javafutures.process.LambdaForm;
import javafutures.process.LoaderObjectInputStream;
import javafutures.process.MapChunk;
import javafutures.process.PlainValues;
import javafutures.process.TaskCodec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Reads a task where it runs (a worker JVM or a cluster member): the task object, then the values of the
 * top-level variables it carries, stored into the static fields of this JVM's copies of the snippet classes
 * (see {@code TaskCodec}). The fields are cached by loader and name, bounded, since loaders of old snippet
 * versions and of evicted sessions come and go. Thread-safe.
 */
public final class TaskDecoder {
    private static final int MAX_FIELDS = 1024;
    private final Map<String, Field> fields = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Field> e) {
            return size() > MAX_FIELDS;
        }
    });

    /**
     * Map functions this JVM holds (SHARED frames, a member's shared parts), by shared id, the least recently
     * used dropped beyond {@code maxShared}: a chunk whose part was dropped throws {@link MissingPartException}.
     */
    private final Map<Long, Shared> shared;

    /** A decoder keeping every map function until it is {@linkplain #unshare unshared} (a worker JVM). */
    public TaskDecoder() {
        this(Integer.MAX_VALUE);
    }

    /**
     * A decoder keeping at most {@code maxShared} map functions (a cluster member, whose kernel re-sends one
     * it lacks).
     */
    public TaskDecoder(int maxShared) {
        shared = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Shared> e) {
                return size() > maxShared;
            }
        });
    }

    /** A chunk names a map function this JVM does not hold (never sent, or dropped from a bounded cache). */
    public static final class MissingPartException extends IllegalStateException {
        private final long id;

        MissingPartException(long id) {
            super("map function " + id + " was never sent to this JVM, or was dropped");
            this.id = id;
        }

        public long id() {
            return id;
        }
    }

    /**
     * A map's function and the values it carries: kept as received, decoded by its first chunk, then only its
     * values are stored again before each later chunk (field sets, no deserialization).
     */
    private final class Shared {
        /** Until decoded; then only the function and values are kept. */
        byte[] payload;
        final LongFunction<ClassLoader> loaders;
        Object function;
        final List<Field> fields = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        Shared(byte[] payload, LongFunction<ClassLoader> loaders) {
            this.payload = payload;
            this.loaders = loaders;
        }

        /** The function, after storing its values into this JVM's static fields. */
        synchronized Object install() throws Exception {
            if (function == null) {
                ClassLoader loader = loaders.apply(TaskCodec.classSetId(payload));
                try (LoaderObjectInputStream in = new LoaderObjectInputStream(
                        new ByteArrayInputStream(payload, 8, payload.length - 8), loader, payload.length)) {
                    Object fn = in.readObject();
                    readValues(in, loader, fields, values);
                    function = fn;
                } finally {
                    if (function == null) { // failed: the next chunk tries again (and fails the same way)
                        fields.clear();
                        values.clear();
                    }
                }
                payload = null;
                return function;
            }
            for (int i = 0; i < fields.size(); i++) fields.get(i).set(null, values.get(i));
            return function;
        }
    }

    /**
     * Keeps a SHARED payload under {@code id}; it is decoded by the first chunk that names it, with the loader
     * {@code loaders} gives for its class-set id.
     */
    public void share(long id, byte[] payload, LongFunction<ClassLoader> loaders) {
        shared.put(id, new Shared(payload, loaders));
    }

    /** Drops a map's function and values (UNSHARE). */
    public void unshare(long id) {
        shared.remove(id);
    }

    /** Map functions held now. */
    public int sharedCount() {
        return shared.size();
    }

    /** The task in {@code payload} from {@code offset} (after the class-set id), its carried values stored. */
    public Object decode(byte[] payload, int offset, ClassLoader loader) throws Exception {
        if (payload[offset] == TaskCodec.PLAIN_TASK) return decodePlain(payload, offset + 1, loader);
        try (LoaderObjectInputStream in = new LoaderObjectInputStream(
                new ByteArrayInputStream(payload, offset, payload.length - offset), loader, payload.length)) {
            Object task = in.readObject();
            // A chunk of a map: its function and values first, so that values the chunk carries itself win.
            if (task instanceof MapChunk<?, ?> chunk && chunk.sharedId() != 0) chunk.bind(sharedFunction(chunk.sharedId()));
            readValues(in, loader, null, null);
            return task;
        }
    }

    /** A lambda with plain captured values and plain carried values: no java.io stream (see TaskCodec). */
    private Object decodePlain(byte[] payload, int offset, ClassLoader loader) throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, offset, payload.length - offset));
        Object task = LambdaForm.readPlain(in, loader, payload.length);
        for (int n = in.readInt(); n > 0; n--) {
            Field f = field(loader, in.readUTF(), in.readUTF());
            f.set(null, PlainValues.read(in, in.readByte(), payload.length));
        }
        return task;
    }

    private Function<?, ?> sharedFunction(long id) throws Exception {
        Shared s = shared.get(id);
        if (s == null) throw new MissingPartException(id);
        return (Function<?, ?>) s.install();
    }

    /**
     * Stores batches of carried values, the last followed by 0 (see TaskCodec: values reached only through other
     * carried values come in later batches); records them when {@code fields} is not null.
     */
    private void readValues(LoaderObjectInputStream in, ClassLoader loader, List<Field> fields, List<Object> values)
            throws Exception {
        for (int n = in.readInt(); n > 0; n = in.readInt()) {
            for (int i = 0; i < n; i++) {
                String owner = in.readUTF();
                String name = in.readUTF();
                Object value = in.readObject();
                Field f = field(loader, owner, name);
                f.set(null, value);
                if (fields != null) {
                    fields.add(f);
                    values.add(value);
                }
            }
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
