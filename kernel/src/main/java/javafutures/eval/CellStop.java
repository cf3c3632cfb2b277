package javafutures.eval;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * Calls the kernel inserts into snippet bytecode (see {@link StopCheckWeaver}); public because snippet
 * classes, loaded by JShell's class loader, call them. Not for user code.
 *
 * <p>Why our own checks rather than JShell's: on JDK 20+ {@code LocalExecutionControl} weaves a check of
 * one global flag, so stopping a cell would also kill every pool task that happens to run notebook code
 * at that moment. These checks stop only threads of the interrupted cell's {@link CellThreadGroup}.
 *
 * <p>Why they cost nothing until a stop: the woven check is an {@code invokedynamic} bound to one shared
 * {@link MutableCallSite} whose target is a no-op, which the JIT inlines to no code at all (recording a
 * dependency on the call site). {@link #arm} switches the target to {@link #check()}; HotSpot then
 * deoptimizes every compiled method that inlined the no-op, so loops of the stopped cell reach the real
 * check within milliseconds, while other threads (pool tasks running notebook code) pass it. {@link #disarm}
 * restores the no-op once no stopped cell has a thread left. Arming and disarming are rare (one per
 * interrupt), so the cost of {@link MutableCallSite#syncAll} does not matter. Thread-safe.
 */
public final class CellStop {
    private static final MethodHandle NOOP = MethodHandles.empty(MethodType.methodType(void.class));
    private static final MethodHandle CHECK;
    private static final MutableCallSite SITE = new MutableCallSite(NOOP);
    private static boolean armed;

    static {
        try {
            CHECK = MethodHandles.lookup().findStatic(CellStop.class, "check", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CellStop() {
    }

    /** Bootstrap of the woven {@code invokedynamic check()V}: every check in every snippet shares one call site. */
    public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type) {
        return SITE;
    }

    /** Makes the woven checks real: called when a cell is stopped, before its threads are interrupted. */
    static synchronized void arm() {
        if (armed) return;
        armed = true;
        SITE.setTarget(CHECK);
        MutableCallSite.syncAll(new MutableCallSite[] {SITE});
    }

    /** Makes the woven checks no-ops again: called once no stopped cell has a live thread. */
    static synchronized void disarm() {
        if (!armed) return;
        armed = false;
        SITE.setTarget(NOOP);
        MutableCallSite.syncAll(new MutableCallSite[] {SITE});
    }

    static synchronized boolean isArmed() {
        return armed;
    }

    /** The real check (the call site's target while armed): ends the thread if its cell was stopped. */
    public static void check() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        if (group instanceof CellThreadGroup && ((CellThreadGroup) group).isStopRequested()) {
            throw new CellStoppedError();
        }
    }

    /** Replaces {@code System.exit(status)} in notebook code: ending the kernel's JVM would lose all state. */
    public static void exit(int status) {
        throw new KernelExitRefusedException(status);
    }

    /** Replaces {@code Runtime.getRuntime().exit(status)} in notebook code. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new KernelExitRefusedException(status);
    }

    /** What a cell gets for {@code System.exit}: the kernel keeps running with its state. */
    public static final class KernelExitRefusedException extends RuntimeException {
        public KernelExitRefusedException(int status) {
            super("System.exit(" + status + ") would end the kernel and lose every variable, so the kernel "
                    + "ignored it. To start afresh, use Kernel > Restart. (In a process-pool task, "
                    + "System.exit ends only that worker JVM.)");
        }
    }
}
