package javafutures.eval;

/**
 * The thread group of one cell execution: the cell's thread and every thread it starts. Stopping a
 * cell flags its group; pool threads live in other groups and are never touched. Thread-safe.
 */
final class CellThreadGroup extends ThreadGroup {
    private volatile boolean stopRequested;

    CellThreadGroup(ThreadGroup parent, String name) {
        super(parent, name);
        setDaemon(false);
    }

    boolean isStopRequested() {
        return stopRequested;
    }

    void requestStop() {
        stopRequested = true;
    }
}
