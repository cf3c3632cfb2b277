package javafutures.eval;

/**
 * Calls the kernel inserts into snippet bytecode (see {@link StopCheckWeaver}); public because snippet
 * classes, loaded by JShell's class loader, call them. Not for user code.
 *
 * <p>Why our own checks rather than JShell's: on JDK 20+ {@code LocalExecutionControl} weaves a check of
 * one global flag, so stopping a cell would also kill every pool task that happens to run notebook code
 * at that moment. These checks stop only threads of the interrupted cell's {@link CellThreadGroup}.
 */
public final class CellStop {
    private CellStop() {
    }

    /** Inserted at method entry and before each backward branch: ends the thread if its cell was stopped. */
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
