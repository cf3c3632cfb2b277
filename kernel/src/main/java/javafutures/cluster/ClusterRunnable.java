package javafutures.cluster;

import javafutures.futures.CheckedRunnable;

import java.io.Serializable;

/**
 * A void task for a {@code ClusterPool}: {@link Serializable}, so a lambda travels to a member without a
 * cast, and a {@link CheckedRunnable}, so its body may throw checked exceptions, which the member keeps as
 * the task's exception. (The same shape as the process pool's {@code SerializableRunnable}.)
 */
@FunctionalInterface
public interface ClusterRunnable extends CheckedRunnable, Serializable {
}
