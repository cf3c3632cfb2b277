package javafutures.futures;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import static javafutures.futures.FutureStates.CANCELLED;
import static javafutures.futures.FutureStates.FAILED;
import static javafutures.futures.FutureStates.FINISHED;
import static javafutures.futures.FutureStates.isFinal;

/**
 * The waiting part of a {@link TaskFuture}: blocking until it is done (parking on its {@link WaitStack}), and
 * turning its final state into a value or the exception its contract names (Python's vocabulary:
 * {@link TaskFailedException}, {@link TaskTimeoutException}, {@link TaskInterruptedException}; or
 * {@code Future}'s checked ones). Stateless; the callers' threads park, nothing else blocks.
 */
final class FutureWaits {
    private FutureWaits() {
    }

    /** Waits until done or {@code nanos} pass ({@code < 0}: forever); a timeout throws TaskTimeoutException. */
    static int awaitDone(TaskFuture<?> f, long nanos) {
        int st;
        try {
            st = awaitInterruptibly(f, nanos);
        } catch (InterruptedException e) {
            throw TaskInterruptedException.interrupted(f.name(), e);
        }
        if (!isFinal(st)) {
            throw new TaskTimeoutException(f.name() + " is not done after " + Durations.text(nanos)
                    + " (it is " + FutureStates.publicState(st) + ")");
        }
        return st;
    }

    /** Returns the final state, or the current one when {@code nanos} ran out ({@code < 0}: never). */
    static int awaitInterruptibly(TaskFuture<?> f, long nanos) throws InterruptedException {
        int st = f.s;
        return isFinal(st) || nanos == 0 ? st : WaitStack.await(f, nanos);
    }

    /** {@link TaskFuture#result()}'s answer for final state {@code st}. */
    @SuppressWarnings("unchecked")
    static <T> T result(TaskFuture<T> f, int st) {
        if ((st & 7) == FINISHED) return (T) f.outcome;
        if ((st & 7) == FAILED) throw new TaskFailedException(f.name(), (Throwable) f.outcome);
        throw cancelled(f);
    }

    /** {@link TaskFuture#exception()}'s answer for final state {@code st}. */
    static Throwable exception(TaskFuture<?> f, int st) {
        if ((st & 7) == CANCELLED) throw cancelled(f);
        return (st & 7) == FAILED ? (Throwable) f.outcome : null;
    }

    /** {@link java.util.concurrent.Future#get()}'s answer for final state {@code st}. */
    @SuppressWarnings("unchecked")
    static <T> T get(TaskFuture<T> f, int st) throws ExecutionException {
        if ((st & 7) == FINISHED) return (T) f.outcome;
        if ((st & 7) == FAILED) throw new ExecutionException(f.name() + " failed: " + f.outcome, (Throwable) f.outcome);
        throw cancelled(f);
    }

    private static CancellationException cancelled(TaskFuture<?> f) {
        return new CancellationException(f.name() + " was cancelled");
    }
}
