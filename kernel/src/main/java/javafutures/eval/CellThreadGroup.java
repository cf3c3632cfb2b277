package javafutures.eval;

/**
 * The thread group of one cell execution: the cell's thread and every thread it starts. Stopping a
 * cell flags its group; pool threads live in other groups and are never touched. Thread-safe.
 */
final class CellThreadGroup extends ThreadGroup {
    private volatile boolean stopRequested;

    CellThreadGroup(ThreadGroup parent, String name) {
        super(parent, name);
        // Not a daemon group: a daemon group is destroyed when its last thread ends, and a thread factory
        // made in the cell (Executors.newFixedThreadPool's) creates its threads in it later, in another cell:
        // on JDK 17 that throws IllegalThreadStateException. So on JDK 17 the parent keeps one small group
        // per cell for the session (JDK 19+ parents hold subgroups weakly).
        setDaemon(false);
    }

    boolean isStopRequested() {
        return stopRequested;
    }

    void requestStop() {
        stopRequested = true;
    }
}
