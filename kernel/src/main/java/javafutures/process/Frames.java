package javafutures.process;

/**
 * The wire format between the kernel and a worker JVM, spoken over the worker's stdin (kernel to worker)
 * and stdout (worker to kernel); nothing listens on a port, so only the process that started a worker can
 * talk to it.
 *
 * <p>A frame is {@code int length | byte MAGIC | byte type | long id | payload}, where {@code length}
 * counts everything after itself. The id is a task id, or a class-set version id for {@link #CLASSES}.
 * A frame longer than the reader's maximum, with a bad magic byte, or of a type the reader does not
 * accept is a {@link FrameFormatException}: the stream cannot be trusted past it, so the worker exits with
 * {@link #EXIT_PROTOCOL_ERROR} and the kernel kills the worker, fails only that worker's running task
 * and replaces it. Nothing here is thread-safe on its own; see {@link FrameReader} and {@link FrameWriter}.
 */
public final class Frames {
    /** Bytes after the length word and before the payload: magic, type, id. */
    public static final int HEADER_BYTES = 1 + 1 + 8;
    /** Guards against a stray write to stdout being read as a frame; 'J' for java-futures. */
    public static final byte MAGIC = 0x4A;
    /**
     * Default largest payload: a task bigger than this fails at submit ({@code ProcessPool.builder().maxTaskBytes}
     * raises it for one pool), a result bigger than this fails in the worker.
     */
    public static final int DEFAULT_MAX_PAYLOAD = 64 << 20;
    /**
     * The largest payload a frame can carry at all (about 2 GiB: a Java array's limit, less room for the
     * header). A worker reads frames up to this size, since only its kernel writes to it and the kernel
     * checks each task against its pool's limit at submit.
     */
    public static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    // Kernel to worker.
    /** Class bytes for one class-set version: see {@link ClassSet#encodeFor}. id = version id. */
    public static final byte CLASSES = 1;
    /** One serialized task: {@code long versionId} then a {@link TaskCodec} stream. id = task id. */
    public static final byte TASK = 2;
    /** Skip the task with this id if it has not started. Empty payload. */
    public static final byte CANCEL = 3;
    /** The pool's initializer, encoded like {@link #TASK}; runs before any later task. */
    public static final byte INIT = 4;
    /**
     * Jars and class directories the notebook added, to append to the worker's library loader before any
     * later frame: {@code int n}, then n absolute paths ({@link Wire#writeString}; the worker is on the
     * kernel's machine). id = 0. See {@code javafutures.process.WorkerJars}.
     */
    public static final byte JARS = 5;
    /**
     * Class-set versions no task will name again: {@code int n}, then {@code n} version ids; see
     * {@link WorkerClasses}. id = 0.
     */
    public static final byte FORGET = 6;
    /**
     * What the chunks of one {@code map} share: its function and the top-level values it reads, encoded like
     * {@link #TASK} with the function in the task's place; sent before the first chunk that names it (see
     * {@code SharedFunction}). id = shared id.
     */
    public static final byte SHARED = 7;
    /** The map of this shared id ended: drop its function and values. Empty payload. id = shared id. */
    public static final byte UNSHARE = 8;
    /** One more than the largest kernel-to-worker type: the size of an array indexed by those types. */
    static final int KERNEL_TO_WORKER_TYPES = UNSHARE + 1;

    // Worker to kernel.
    /** First frame of a worker: {@code long pid}, {@code String javaVersion}. id = 0. */
    public static final byte HELLO = 20;
    /** {@code long runNanos} then the value: a {@link PlainValues} value or a java.io stream. */
    public static final byte RESULT = 21;
    /** {@code long runNanos} then {@link RemoteErrors} encoding of the thrown exception. */
    public static final byte ERROR = 22;
    /** {@code byte stream (1 = stderr)} then UTF-8 text the task printed. */
    public static final byte OUTPUT = 23;
    /** The initializer finished; empty payload. */
    public static final byte INIT_OK = 24;
    /** The initializer threw; {@link RemoteErrors} encoding. The worker exits right after. */
    public static final byte INIT_FAILED = 25;
    /** A task was skipped because of a {@link #CANCEL}. Empty payload. */
    public static final byte CANCELLED = 26;

    /** Worker exit status after a malformed frame on its stdin. */
    public static final int EXIT_PROTOCOL_ERROR = 65;
    /** Worker exit status after its initializer failed. */
    public static final int EXIT_INIT_FAILED = 66;

    private Frames() {
    }

    /** Frame types a worker accepts from the kernel. */
    public static boolean kernelToWorker(byte type) {
        return type >= CLASSES && type <= UNSHARE;
    }

    /** Frame types the kernel accepts from a worker. */
    public static boolean workerToKernel(byte type) {
        return type >= HELLO && type <= CANCELLED;
    }

    public static String typeName(byte type) {
        return switch (type) {
            case CLASSES -> "CLASSES";
            case TASK -> "TASK";
            case CANCEL -> "CANCEL";
            case INIT -> "INIT";
            case JARS -> "JARS";
            case FORGET -> "FORGET";
            case SHARED -> "SHARED";
            case UNSHARE -> "UNSHARE";
            case HELLO -> "HELLO";
            case RESULT -> "RESULT";
            case ERROR -> "ERROR";
            case OUTPUT -> "OUTPUT";
            case INIT_OK -> "INIT_OK";
            case INIT_FAILED -> "INIT_FAILED";
            case CANCELLED -> "CANCELLED";
            default -> "type " + type;
        };
    }
}
