package javafutures.eval;

/** A thread group outside every cell's, like the pools' (tests only). */
public final class CellThreadsTestSupport {
    private static final ThreadGroup POOL = new ThreadGroup("test-pool");

    private CellThreadsTestSupport() {
    }

    public static ThreadGroup poolGroup() {
        return POOL;
    }
}
