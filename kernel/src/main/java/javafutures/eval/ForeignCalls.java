package javafutures.eval;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The few pieces of {@code java.lang.foreign} (JDK 22+) that {@link JvmtiThreadStop} uses, reached by
 * reflection because the kernel compiles against JDK 17: downcall handles typed {@code (long...)long},
 * symbol lookup, global-arena allocation and reads and writes of native memory. Construction fails on a
 * JDK without the final API. Not thread-safe (used under {@link JvmtiThreadStop}'s lock).
 */
final class ForeignCalls {
    private final Object linker;
    private final Object arena;
    private final Class<?> layoutClass;
    private final Object javaLong;
    private final Object javaInt;
    private final Method addresslessDowncall;
    private final Method functionOf;
    private final java.util.Map<Integer, MethodHandle> byArity = new java.util.HashMap<>();
    private final Method ofAddress;
    private final Method reinterpret;
    private final Method address;
    private final Method getLong;
    private final Method getInt;
    private final Method setInt;
    private final Method setLong;
    private final Method getString;
    private final Method allocate;
    private final Method allocateFrom;
    private final Method libraryLookup;
    private final Method find;

    ForeignCalls() throws ReflectiveOperationException {
        Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
        Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
        Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
        layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
        Class<?> ofLong = Class.forName("java.lang.foreign.ValueLayout$OfLong");
        Class<?> ofInt = Class.forName("java.lang.foreign.ValueLayout$OfInt");
        Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> optionArray = Array.newInstance(Class.forName("java.lang.foreign.Linker$Option"), 0).getClass();
        Class<?> layoutArray = Array.newInstance(layoutClass, 0).getClass();
        Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
        linker = linkerClass.getMethod("nativeLinker").invoke(null);
        arena = arenaClass.getMethod("global").invoke(null);
        javaLong = valueLayout.getField("JAVA_LONG").get(null);
        javaInt = valueLayout.getField("JAVA_INT").get(null);
        addresslessDowncall = linkerClass.getMethod("downcallHandle", descriptor, optionArray);
        functionOf = descriptor.getMethod("of", layoutClass, layoutArray);
        ofAddress = segmentClass.getMethod("ofAddress", long.class);
        reinterpret = segmentClass.getMethod("reinterpret", long.class);
        address = segmentClass.getMethod("address");
        getLong = segmentClass.getMethod("get", ofLong, long.class);
        getInt = segmentClass.getMethod("get", ofInt, long.class);
        setInt = segmentClass.getMethod("set", ofInt, long.class, int.class);
        setLong = segmentClass.getMethod("set", ofLong, long.class, long.class);
        getString = segmentClass.getMethod("getString", long.class);
        allocate = Class.forName("java.lang.foreign.SegmentAllocator").getMethod("allocate", long.class);
        allocateFrom = Class.forName("java.lang.foreign.SegmentAllocator").getMethod("allocateFrom", String.class);
        libraryLookup = lookupClass.getMethod("libraryLookup", Path.class, arenaClass);
        find = lookupClass.getMethod("find", String.class);
    }

    long symbol(Path library, String name) throws ReflectiveOperationException {
        Object lookup = libraryLookup.invoke(null, library, arena);
        java.util.Optional<?> found = (java.util.Optional<?>) find.invoke(lookup, name);
        if (found.isEmpty()) throw new IllegalStateException(name + " not found in " + library);
        return (long) address.invoke(found.get());
    }

    /**
     * A handle {@code (long...)long} for a C function taking {@code arity} pointer-sized arguments. One
     * descriptor per arity (the linker generates a stub per descriptor, a tenth of a second each): an
     * {@code int}, {@code jboolean} or {@code void} result is read as the whole return register,
     * whose low bits hold it, so callers narrow it (see {@code JvmtiThreadStop.isTrue}).
     */
    MethodHandle downcall(long function, int arity) throws ReflectiveOperationException {
        MethodHandle shape = byArity.get(arity);
        if (shape == null) {
            Object[] params = new Object[arity];
            java.util.Arrays.fill(params, javaLong);
            Object desc = functionOf.invoke(null, javaLong, toLayouts(params));
            Object options = Array.newInstance(addresslessDowncall.getParameterTypes()[1].getComponentType(), 0);
            shape = (MethodHandle) addresslessDowncall.invoke(linker, desc, options);
            byArity.put(arity, shape);
        }
        MethodHandle h = java.lang.invoke.MethodHandles.insertArguments(shape, 0, ofAddress.invoke(null, function));
        Class<?>[] longs = new Class<?>[arity];
        java.util.Arrays.fill(longs, long.class);
        if (!h.type().equals(java.lang.invoke.MethodType.methodType(long.class, longs))) {
            throw new IllegalStateException("unexpected downcall type " + h.type());
        }
        return h;
    }

    private Object toLayouts(Object[] params) {
        Object layouts = Array.newInstance(layoutClass, params.length);
        for (int i = 0; i < params.length; i++) Array.set(layouts, i, params[i]);
        return layouts;
    }

    long allocate(long bytes) throws ReflectiveOperationException {
        return (long) address.invoke(allocate.invoke(arena, bytes));
    }

    long cString(String s) throws ReflectiveOperationException {
        return (long) address.invoke(allocateFrom.invoke(arena, s));
    }

    private Object at(long addr, long size) throws ReflectiveOperationException {
        return reinterpret.invoke(ofAddress.invoke(null, addr), size);
    }

    long readLong(long addr) throws ReflectiveOperationException {
        return (long) getLong.invoke(at(addr, 8), javaLong, 0L);
    }

    int readInt(long addr) throws ReflectiveOperationException {
        return (int) getInt.invoke(at(addr, 4), javaInt, 0L);
    }

    void writeInt(long addr, int value) throws ReflectiveOperationException {
        setInt.invoke(at(addr, 4), javaInt, 0L, value);
    }

    void writeLong(long addr, long value) throws ReflectiveOperationException {
        setLong.invoke(at(addr, 8), javaLong, 0L, value);
    }

    String readCString(long addr) throws ReflectiveOperationException {
        return addr == 0 ? null : (String) getString.invoke(at(addr, Long.MAX_VALUE), 0L);
    }
}
