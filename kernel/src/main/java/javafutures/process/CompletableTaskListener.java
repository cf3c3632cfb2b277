package javafutures.process;

import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link TaskListener} that completes a {@link CompletableFuture}, for tests and benchmarks of the bare
 * {@link WorkerPool} ({@link ProcessPool} listens through {@code ProcessEngine}, which completes the pool's
 * {@code TaskFuture}s). Output goes to the cell that was current when this listener was made (the submitting
 * cell), or nowhere. Thread-safe.
 */
public final class CompletableTaskListener implements TaskListener {
    private final CompletableFuture<Object> future = new CompletableFuture<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CellTarget cell = OutputRouter.current();
    private final StringBuilder captured = new StringBuilder();
    private volatile long pid = -1;

    public CompletableFuture<Object> future() {
        return future;
    }

    /** The worker's pid once started, else -1. */
    public long pid() {
        return pid;
    }

    /** Waits until the task has started in a worker (or ended). */
    public void awaitStarted() throws InterruptedException {
        started.await();
    }

    /** Everything the task printed (both streams), also when no cell is current; for tests and logs. */
    public String output() {
        synchronized (captured) {
            return captured.toString();
        }
    }

    @Override
    public void started(long pid) {
        this.pid = pid;
        started.countDown();
    }

    @Override
    public void succeeded(Object value) {
        future.complete(value);
        started.countDown();
    }

    @Override
    public void failed(Throwable error) {
        future.completeExceptionally(error);
        started.countDown();
    }

    @Override
    public void cancelled() {
        future.cancel(false);
        started.countDown();
    }

    @Override
    public void output(boolean stderr, String text) {
        synchronized (captured) {
            captured.append(text);
        }
        if (cell != null) OutputRouter.appendTo(cell, stderr, text); // published by the flusher
    }
}
