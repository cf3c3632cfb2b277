package javafutures.process;

import javafutures.futures.CheckedRunnable;

import java.io.Serializable;

/**
 * A void task for a {@code ProcessPool} (or its initializer): {@link Serializable}, so a lambda travels to a
 * worker JVM without a cast, and a {@link CheckedRunnable}, so its body may throw checked exceptions
 * ({@code Thread.sleep}); the worker keeps such an exception as the task's exception.
 */
@FunctionalInterface
public interface SerializableRunnable extends CheckedRunnable, Serializable {
}
