package javafutures.process;

/**
 * An exception thrown by a task in a worker whose own class could not come back to the kernel (not
 * serializable, or not resolvable here). Carries the original type name, message and the worker's stack
 * trace as text, and the worker's frames as its own stack trace; {@link #toString()} reads like the
 * original. Immutable once decoded.
 */
public final class RemoteTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String remoteType;
    private final String remoteStackTrace;

    public RemoteTaskException(String remoteType, String message, String remoteStackTrace) {
        super(message, null, false, true); // writable: the decoder sets the worker's frames
        this.remoteType = remoteType;
        this.remoteStackTrace = remoteStackTrace == null ? "" : remoteStackTrace;
    }

    /** The binary name of the exception's class in the worker. */
    public String remoteType() {
        return remoteType;
    }

    /** The stack trace as the worker printed it. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }

    @Override
    public String toString() {
        String m = getMessage();
        return remoteType + (m == null ? "" : ": " + m) + " (in worker; its class could not cross)";
    }

    @Override
    public void printStackTrace(java.io.PrintStream s) {
        s.println(this);
        s.print(remoteStackTrace);
    }

    @Override
    public void printStackTrace(java.io.PrintWriter s) {
        s.println(this);
        s.print(remoteStackTrace);
    }
}
