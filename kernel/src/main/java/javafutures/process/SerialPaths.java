package javafutures.process;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Finds where in an object graph serialization breaks, so an error can name the captured variable or field
 * path instead of just a class: what {@code -Dsun.io.serialization.extendedDebugInfo} would print, without
 * needing the flag at JVM start. Best effort (objects with custom {@code writeObject} are walked by their
 * fields or elements). Stateless, thread-safe.
 */
public final class SerialPaths {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_ELEMENTS = 10_000;

    /** A path to a value that is not serializable, and that value's class. */
    public record Culprit(String path, Class<?> type) {
    }

    private SerialPaths() {
    }

    /** The first unserializable value reachable from {@code root}, or null when none was found. */
    public static Culprit find(Object root, String rootName) {
        return walk(root, rootName, new IdentityHashMap<>(), 0);
    }

    private static Culprit walk(Object obj, String path, IdentityHashMap<Object, Boolean> seen, int depth) {
        if (obj == null || depth > MAX_DEPTH || seen.put(obj, Boolean.TRUE) != null) return null;
        Class<?> c = obj.getClass();
        if (c.isArray()) {
            if (c.getComponentType().isPrimitive()) return null;
            int n = Math.min(Array.getLength(obj), MAX_ELEMENTS);
            for (int i = 0; i < n; i++) {
                Culprit r = walk(Array.get(obj, i), path + "[" + i + "]", seen, depth + 1);
                if (r != null) return r;
            }
            return null;
        }
        if (!(obj instanceof Serializable)) return new Culprit(path, c);
        SerializedLambda lambda = lambdaForm(obj);
        if (lambda != null) {
            for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
                Culprit r = walk(lambda.getCapturedArg(i), path + " -> captured value #" + (i + 1), seen, depth + 1);
                if (r != null) return r;
            }
            return null;
        }
        if (obj instanceof Collection<?> coll) {
            int i = 0;
            for (Object e : coll) {
                if (i >= MAX_ELEMENTS) break;
                Culprit r = walk(e, path + "[element " + i++ + "]", seen, depth + 1);
                if (r != null) return r;
            }
            return null;
        }
        if (obj instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Culprit r = walk(e.getKey(), path + "[key " + e.getKey() + "]", seen, depth + 1);
                if (r == null) r = walk(e.getValue(), path + "[" + e.getKey() + "]", seen, depth + 1);
                if (r != null) return r;
            }
            return null;
        }
        for (Class<?> k = c; k != null && Serializable.class.isAssignableFrom(k); k = k.getSuperclass()) {
            if (k.getName().startsWith("java.")) break; // JDK types serialize themselves correctly
            for (Field f : k.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.getType().isPrimitive()) continue;
                Object v;
                try {
                    f.setAccessible(true);
                    v = f.get(obj);
                } catch (RuntimeException | IllegalAccessException e) {
                    continue;
                }
                Culprit r = walk(v, path + " -> field " + f.getName(), seen, depth + 1);
                if (r != null) return r;
            }
        }
        return null;
    }

    /** The serialized form of a serializable lambda, or null when {@code obj} is not one. */
    static SerializedLambda lambdaForm(Object obj) {
        Class<?> c = obj.getClass();
        if (!c.isSynthetic() || !c.getName().contains("$$Lambda")) return null;
        try {
            Method m = c.getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return m.invoke(obj) instanceof SerializedLambda s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
