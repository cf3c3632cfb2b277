package javafutures.eval;

import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ends a platform thread on JDK 22+ with JVMTI's {@code StopThread}, reached through the Foreign Function
 * and Memory API without any native code of our own: {@code JNI_GetCreatedJavaVMs} gives the JVM,
 * {@code GetEnv(JVMTI_VERSION_1_2)} a JVMTI environment, {@code AddCapabilities(can_signal_thread)} the
 * right to stop threads, and JNI (the {@code JNIEnv} table of the calling thread) the references
 * {@code StopThread} takes. This is what {@code ThreadGroup.stop()} did up to JDK 19 (the same
 * asynchronous exception, delivered at the thread's next safepoint poll, so it ends a loop inside JDK
 * code), and what debuggers still do through JDWP.
 *
 * <p>Why reflection: the kernel is compiled with {@code --release 17}, where {@code java.lang.foreign}
 * does not exist. Only the setup (linker, symbol lookup, a few reads of native memory) is reflective;
 * every native function is bound as a downcall handle whose arguments and result are declared
 * {@code long} (pointers and 64-bit integers travel alike in the C calling conventions of the 64-bit
 * platforms the JDK supports, and a narrower result sits in the low bits of the return register), so
 * the calls themselves are plain {@code invokeExact(long...)}, and the linker makes one stub per arity.
 *
 * <p>JNI references: {@code StopThread} needs a {@code jthread} and a {@code jobject} for the exception.
 * The objects are put in static fields of this class; {@code GetStaticObjectField} returns local
 * references to them, and each becomes a global reference in the very next downcall (see
 * {@link #global}). Before the thread is stopped, the global references are checked to be that very
 * thread (same name, via {@code GetThreadInfo}) and a {@code Throwable}, so a reference that went stale
 * can never stop another thread.
 *
 * <p>Thread-safe: every stop is serialised on the class. Needs {@code --enable-native-access=ALL-UNNAMED}
 * to run without a warning (the kernelspec passes it).
 */
final class JvmtiThreadStop {
    // JNI and JVMTI function table slots (jni.h, jvmti.h: a JVMTI function numbered N is in slot N - 1).
    private static final int VM_GET_ENV = 6;
    private static final int JNI_FIND_CLASS = 6;
    private static final int JNI_EXCEPTION_CLEAR = 17;
    private static final int JNI_NEW_GLOBAL_REF = 21;
    private static final int JNI_DELETE_GLOBAL_REF = 22;
    private static final int JNI_IS_INSTANCE_OF = 32;
    private static final int JNI_GET_METHOD_ID = 33;
    private static final int JNI_CALL_OBJECT_METHOD_A = 36;
    private static final int JNI_GET_STATIC_METHOD_ID = 113;
    private static final int JNI_CALL_STATIC_OBJECT_METHOD_A = 116;
    private static final int JNI_GET_STATIC_FIELD_ID = 144;
    private static final int JNI_GET_STATIC_OBJECT_FIELD = 145;
    private static final int JNI_NEW_STRING_UTF = 167;
    private static final int JNI_EXCEPTION_CHECK = 228;
    private static final int TI_STOP_THREAD = 6;
    private static final int TI_GET_THREAD_INFO = 8;
    private static final int TI_DEALLOCATE = 46;
    private static final int TI_ADD_CAPABILITIES = 141;
    private static final int JNI_VERSION_1_8 = 0x00010008;
    private static final int JVMTI_VERSION_1_2 = 0x30010200;
    private static final int CAN_SIGNAL_THREAD = 1 << 10; // bit 10 of jvmtiCapabilities' first word

    /** What the JNI calls read; set just before a stop, cleared after. */
    private static Thread target;
    private static Throwable exception;

    private static volatile JvmtiThreadStop instance;
    private static volatile String unavailable;
    private static final java.util.concurrent.atomic.AtomicBoolean preparing = new java.util.concurrent.atomic.AtomicBoolean();

    private final ForeignCalls n;
    private final long vm;
    private final long jvmti;
    private final long envOut;      // JNIEnv** / jvmtiEnv** out-parameter
    private final long threadInfo;  // a jvmtiThreadInfo (32 bytes)
    private final long holderClass; // global ref to this class
    private final long throwableClass;
    private final long threadClass;
    private final long targetField;
    private final long exceptionField;
    private final MethodHandle getEnv;
    private final MethodHandle newGlobalRef;
    private final MethodHandle deleteGlobalRef;
    private final MethodHandle getStaticObjectField;
    private final MethodHandle isInstanceOf;
    private final MethodHandle exceptionCheck;
    private final MethodHandle stopThread;
    private final MethodHandle getThreadInfo;
    private final MethodHandle deallocate;

    /**
     * Stops {@code thread} with {@code error} thrown at its next safepoint. Returns null when the exception
     * was delivered, else why not (this JDK, a missing capability, a failed check).
     */
    static synchronized String stop(Thread thread, Throwable error) {
        JvmtiThreadStop s;
        try {
            s = get();
        } catch (Throwable t) {
            return unavailable;
        }
        return s.stopNow(thread, error);
    }

    /** Sets the route up on a thread of its own unless it is, or is being, set up; returns at once. */
    static void prepareInBackground() {
        if (instance != null || unavailable != null || preparing.getAndSet(true)) return;
        Thread t = new Thread(JvmtiThreadStop::availability, "java-futures-prepare-stop");
        t.setDaemon(true);
        t.start();
    }

    /** Null when stopping works here, else why not; sets the route up on first use. */
    static synchronized String availability() {
        try {
            get();
            return null;
        } catch (Throwable t) {
            return unavailable;
        }
    }

    private static JvmtiThreadStop get() throws Exception {
        if (instance != null) return instance;
        if (unavailable != null) throw new IllegalStateException(unavailable);
        try {
            if (Runtime.version().feature() < 22) {
                throw new UnsupportedOperationException("the Foreign Function & Memory API is final from JDK 22 on; this is JDK "
                        + Runtime.version().feature());
            }
            instance = new JvmtiThreadStop(new ForeignCalls());
            return instance;
        } catch (Throwable t) {
            Throwable c = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            unavailable = "JVMTI StopThread through the Foreign Function API failed: " + c;
            throw t instanceof Exception ? (Exception) t : new IllegalStateException(t);
        }
    }

    private JvmtiThreadStop(ForeignCalls n) throws Throwable {
        this.n = n;
        Path libjvm = findLibjvm();
        long getCreatedVMs = n.symbol(libjvm, "JNI_GetCreatedJavaVMs");
        long vmBuf = n.allocate(8);
        long count = n.allocate(8);
        int rc = (int) (long) n.downcall(getCreatedVMs, 3).invokeExact(vmBuf, 1L, count);
        if (rc != 0 || n.readInt(count) < 1) throw new IllegalStateException("JNI_GetCreatedJavaVMs: " + rc);
        vm = n.readLong(vmBuf);
        long vmTable = n.readLong(vm);
        getEnv = n.downcall(n.readLong(vmTable + 8L * VM_GET_ENV), 3);
        envOut = n.allocate(8);
        rc = (int) (long) getEnv.invokeExact(vm, envOut, (long) JVMTI_VERSION_1_2);
        if (rc != 0) throw new IllegalStateException("GetEnv(JVMTI_VERSION_1_2): " + rc);
        jvmti = n.readLong(envOut);
        long ti = n.readLong(jvmti);
        long caps = n.allocate(16);
        n.writeInt(caps, CAN_SIGNAL_THREAD);
        rc = (int) (long) n.downcall(n.readLong(ti + 8L * TI_ADD_CAPABILITIES), 2).invokeExact(jvmti, caps);
        if (rc != 0) throw new IllegalStateException("AddCapabilities(can_signal_thread): JVMTI error " + rc);
        stopThread = n.downcall(n.readLong(ti + 8L * TI_STOP_THREAD), 3);
        getThreadInfo = n.downcall(n.readLong(ti + 8L * TI_GET_THREAD_INFO), 3);
        deallocate = n.downcall(n.readLong(ti + 8L * TI_DEALLOCATE), 2);
        threadInfo = n.allocate(32);

        long env = jniEnv();
        long jni = n.readLong(env);
        MethodHandle findClass = n.downcall(n.readLong(jni + 8L * JNI_FIND_CLASS), 2);
        MethodHandle exceptionClear = n.downcall(n.readLong(jni + 8L * JNI_EXCEPTION_CLEAR), 1);
        newGlobalRef = n.downcall(n.readLong(jni + 8L * JNI_NEW_GLOBAL_REF), 2);
        deleteGlobalRef = n.downcall(n.readLong(jni + 8L * JNI_DELETE_GLOBAL_REF), 2);
        isInstanceOf = n.downcall(n.readLong(jni + 8L * JNI_IS_INSTANCE_OF), 3);
        MethodHandle getMethodId = n.downcall(n.readLong(jni + 8L * JNI_GET_METHOD_ID), 4);
        MethodHandle callObjectMethodA = n.downcall(n.readLong(jni + 8L * JNI_CALL_OBJECT_METHOD_A), 4);
        MethodHandle getStaticMethodId = n.downcall(n.readLong(jni + 8L * JNI_GET_STATIC_METHOD_ID), 4);
        MethodHandle callStaticObjectMethodA = n.downcall(n.readLong(jni + 8L * JNI_CALL_STATIC_OBJECT_METHOD_A), 4);
        MethodHandle getStaticFieldId = n.downcall(n.readLong(jni + 8L * JNI_GET_STATIC_FIELD_ID), 4);
        getStaticObjectField = n.downcall(n.readLong(jni + 8L * JNI_GET_STATIC_OBJECT_FIELD), 3);
        MethodHandle newStringUtf = n.downcall(n.readLong(jni + 8L * JNI_NEW_STRING_UTF), 2);
        exceptionCheck = n.downcall(n.readLong(jni + 8L * JNI_EXCEPTION_CHECK), 1);

        long sClassLoader = n.cString("java/lang/ClassLoader");
        long sGetSystem = n.cString("getSystemClassLoader");
        long sGetSystemSig = n.cString("()Ljava/lang/ClassLoader;");
        long sLoadClass = n.cString("loadClass");
        long sLoadClassSig = n.cString("(Ljava/lang/String;)Ljava/lang/Class;");
        long sHolder = n.cString(JvmtiThreadStop.class.getName());
        long sThrowable = n.cString("java/lang/Throwable");
        long sThread = n.cString("java/lang/Thread");
        long args = n.allocate(8);

        // The helper that makes local references global runs once on nothing, so that its call site and
        // NewGlobalRef's form are linked before any local reference must survive until it.
        global(env, 0L);
        deleteGlobal(env, 0L);
        // FindClass from a downcall resolves through the boot loader (the caller is JDK code), so this
        // class is loaded by name through the system class loader, which holds the kernel's classes.
        long loaderClass = global(env, (long) findClass.invokeExact(env, sClassLoader));
        long getSystem = (long) getStaticMethodId.invokeExact(env, loaderClass, sGetSystem, sGetSystemSig);
        long loader = global(env, (long) callStaticObjectMethodA.invokeExact(env, loaderClass, getSystem, 0L));
        long loadClass = (long) getMethodId.invokeExact(env, loaderClass, sLoadClass, sLoadClassSig);
        long name = global(env, (long) newStringUtf.invokeExact(env, sHolder));
        n.writeLong(args, name);
        holderClass = global(env, (long) callObjectMethodA.invokeExact(env, loader, loadClass, args));
        throwableClass = global(env, (long) findClass.invokeExact(env, sThrowable));
        threadClass = global(env, (long) findClass.invokeExact(env, sThread));
        for (long ref : new long[]{loaderClass, loader, name}) deleteGlobal(env, ref);
        if (isTrue((long) exceptionCheck.invokeExact(env))) {
            long cleared = (long) exceptionClear.invokeExact(env);
            throw new IllegalStateException("a JNI call failed while looking up classes");
        }
        if (holderClass == 0 || throwableClass == 0 || threadClass == 0) throw new IllegalStateException("JNI class lookup returned null");
        targetField = (long) getStaticFieldId.invokeExact(env, holderClass, n.cString("target"), n.cString("Ljava/lang/Thread;"));
        exceptionField = (long) getStaticFieldId.invokeExact(env, holderClass, n.cString("exception"), n.cString("Ljava/lang/Throwable;"));
        if (targetField == 0 || exceptionField == 0 || isTrue((long) exceptionCheck.invokeExact(env))) {
            long cleared = (long) exceptionClear.invokeExact(env);
            throw new IllegalStateException("JNI could not find the holder fields");
        }
        // A probe with this thread as the target: the references must lead to this very thread.
        target = Thread.currentThread();
        try {
            long probe = global(env, (long) getStaticObjectField.invokeExact(env, holderClass, targetField));
            boolean isThread = isTrue((long) isInstanceOf.invokeExact(env, probe, threadClass));
            String probeName = threadName(probe);
            deleteGlobal(env, probe);
            if (!isThread || !Thread.currentThread().getName().equals(probeName)) {
                throw new IllegalStateException("JNI references did not lead to their objects");
            }
        } finally {
            target = null;
        }
    }

    /**
     * A global reference for a local one, in the very next downcall: a local reference made in a downcall
     * lives in the thread's base handle block, which the JVM clears whenever the thread returns from a JNI
     * native method (which linking a call site or a method handle's form may run).
     */
    private long global(long env, long local) throws Throwable {
        return (long) newGlobalRef.invokeExact(env, local);
    }

    private void deleteGlobal(long env, long ref) throws Throwable {
        long ignored = (long) deleteGlobalRef.invokeExact(env, ref);
    }

    /** A {@code jboolean} result (an unsigned char; the rest of the register is undefined). */
    private static boolean isTrue(long jboolean) {
        return (jboolean & 0xff) != 0;
    }

    private static Path findLibjvm() {
        Path home = Path.of(System.getProperty("java.home"));
        for (String dir : new String[]{"lib/server", "lib/client", "bin/server", "lib"}) {
            for (String file : new String[]{"libjvm.so", "libjvm.dylib", "jvm.dll"}) {
                Path p = home.resolve(dir).resolve(file);
                if (Files.isRegularFile(p)) return p;
            }
        }
        throw new IllegalStateException("no libjvm under " + home);
    }

    private long jniEnv() throws Throwable {
        int rc = (int) (long) getEnv.invokeExact(vm, envOut, (long) JNI_VERSION_1_8);
        if (rc != 0) throw new IllegalStateException("GetEnv(JNI_VERSION_1_8): " + rc);
        return n.readLong(envOut);
    }

    private String stopNow(Thread thread, Throwable error) {
        long env;
        try {
            env = jniEnv();
        } catch (Throwable t) {
            return "GetEnv failed: " + t;
        }
        target = thread;
        exception = error;
        long threadRef = 0;
        long errorRef = 0;
        try {
            threadRef = global(env, (long) getStaticObjectField.invokeExact(env, holderClass, targetField));
            errorRef = global(env, (long) getStaticObjectField.invokeExact(env, holderClass, exceptionField));
            if (threadRef == 0 || errorRef == 0
                    || !isTrue((long) isInstanceOf.invokeExact(env, threadRef, threadClass))
                    || !isTrue((long) isInstanceOf.invokeExact(env, errorRef, throwableClass))
                    || !thread.getName().equals(threadName(threadRef))) {
                return "a JNI reference did not lead to its object; nothing was stopped";
            }
            if (!thread.isAlive()) return null;
            int rc = (int) (long) stopThread.invokeExact(jvmti, threadRef, errorRef);
            // 15 = JVMTI_ERROR_THREAD_NOT_ALIVE: it ended by itself meanwhile
            return rc == 0 || rc == 15 ? null : "JVMTI StopThread returned error " + rc;
        } catch (Throwable t) {
            return "JVMTI StopThread failed: " + t;
        } finally {
            target = null;
            exception = null;
            try {
                if (threadRef != 0) deleteGlobal(env, threadRef);
                if (errorRef != 0) deleteGlobal(env, errorRef);
            } catch (Throwable ignored) {
                // a leaked global reference: harmless
            }
        }
    }

    /** The name JVMTI reports for a thread reference (read after the reference is global). */
    private String threadName(long threadRef) throws Throwable {
        int rc = (int) (long) getThreadInfo.invokeExact(jvmti, threadRef, threadInfo);
        if (rc != 0) return null;
        long name = n.readLong(threadInfo);
        try {
            return n.readCString(name);
        } finally {
            int ignored = (int) (long) deallocate.invokeExact(jvmti, name);
        }
    }
}
