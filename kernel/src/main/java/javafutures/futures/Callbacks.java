package javafutures.futures;

import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The done callbacks of a future, in the order added; one listener on its stack, so they run one after the
 * other in the thread that runs it (exactly once, see {@link WaitStack}). A callback added after that thread
 * started but before it ran the last queued one is queued too: it runs after the earlier ones, not beside or
 * before them. Once the queue is empty it is closed, and later callbacks run at once where they are added.
 * User code, so never run by an engine thread (see {@link TaskFuture#finishFromEngine}). Thread-safe.
 */
final class Callbacks implements TaskFuture.DoneListener {
    private final ArrayDeque<Callback<?>> queue = new ArrayDeque<>(4);
    private boolean closed; // guarded by this

    Callbacks(Callback<?> first) {
        queue.add(first);
    }

    /** Queues {@code c}; false if every callback queued so far has run (the caller then runs it itself). */
    synchronized boolean add(Callback<?> c) {
        if (closed) return false;
        queue.add(c);
        return true;
    }

    @Override
    public void done(TaskFuture<?> future) {
        for (;;) {
            Callback<?> c;
            synchronized (this) {
                c = queue.poll();
                if (c == null) {
                    closed = true;
                    return;
                }
            }
            try {
                c.done(future);
            } catch (Throwable e) {
                future.reportCallbackError(e); // Callback catches the callback's own; keep the rest running
            }
        }
    }

    /** A done callback added by {@link TaskFuture#addDoneCallback}, printing under the cell that added it. */
    static final class Callback<T> implements TaskFuture.DoneListener {
        private final Consumer<? super TaskFuture<T>> callback;
        private final CellTarget target;

        Callback(Consumer<? super TaskFuture<T>> callback, CellTarget target) {
            this.callback = callback;
            this.target = target;
        }

        @Override
        public void done(TaskFuture<?> future) {
            OutputRouter.runWith(target, () -> {
                try {
                    @SuppressWarnings("unchecked")
                    TaskFuture<T> self = (TaskFuture<T>) future;
                    callback.accept(self);
                } catch (Throwable e) {
                    future.reportCallbackError(e);
                }
            });
        }
    }
}
