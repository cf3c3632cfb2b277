package javafutures.worker;

import javafutures.process.LoaderObjectInputStream;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** The task in {@code payload} from {@code offset} (after the class-set id), its carried values stored. */
    public Object decode(byte[] payload, int offset, ClassLoader loader) throws Exception {
        try (LoaderObjectInputStream in = new LoaderObjectInputStream(
                new ByteArrayInputStream(payload, offset, payload.length - offset), loader, payload.length)) {
            Object task = in.readObject();
            // Batches of carried values, the last followed by 0 (see TaskCodec: values reached only through
            // other carried values come in later batches).
            for (int n = in.readInt(); n > 0; n = in.readInt()) {
                for (int i = 0; i < n; i++) {
                    String owner = in.readUTF();
                    String name = in.readUTF();
                    Object value = in.readObject();
                    field(loader, owner, name).set(null, value);
                }
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
