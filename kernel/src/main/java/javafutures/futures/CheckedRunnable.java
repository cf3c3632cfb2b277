package javafutures.futures;

import java.util.concurrent.CompletionException;

/**
 * A {@link Runnable} whose body may throw checked exceptions, so that
 * {@code pool.submit(() -> { Thread.sleep(100); System.out.println("done"); })} compiles. Being a
 * subtype of {@code Runnable}, it is what a void lambda passed to {@code ThreadPool.submit} becomes;
 * pools call {@link #runChecked()} and keep the exception it throws as the task's exception.
 */
@FunctionalInterface
public interface CheckedRunnable extends Runnable {
    void runChecked() throws Exception;

    /** Runs the body; a checked exception is wrapped in a {@link CompletionException}. */
    @Override
    default void run() {
        try {
            runChecked();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
