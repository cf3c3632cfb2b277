package javafutures.cluster;

/**
 * The outcome of a cluster task whose member left the cluster or died while it held the task (and the pool
 * does not retry, or ran out of retries). Names the member, e.g. {@code 127.0.0.1:5702 (pid 4242)}.
 */
public final class MemberLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String member;

    public MemberLostException(String member, String message) {
        super(message);
        this.member = member;
    }

    /** The member that held the task: {@code host:port (pid N)}. */
    public String member() {
        return member;
    }
}
