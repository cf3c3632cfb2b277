package javafutures.futures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A future the test completes by hand, through the completion SPI a process pool would use. */
public final class TestFuture<T> extends TaskFuture<T> {
    public volatile boolean canCancelRunning;
    public final List<TaskState> completedFrom = Collections.synchronizedList(new ArrayList<>());
    public volatile int cancelRunningCalls;

    public TestFuture() {
        this(null);
    }

    public TestFuture(String name) {
        super(name, "test-pool");
    }

    public boolean start(String worker) {
        return markRunning(worker);
    }

    public boolean succeed(T value) {
        return complete(value);
    }

    public boolean failWith(Throwable e) {
        return fail(e);
    }

    @Override
    protected boolean cancelRunning() {
        cancelRunningCalls++;
        return canCancelRunning;
    }

    @Override
    protected void completed(TaskState previous) {
        completedFrom.add(previous);
    }
}
