package javafutures.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that is {@link Serializable}: what a value-returning lambda passed to
 * {@code ClusterPool.submit} becomes, so it can travel to a member without a cast. (The same shape as the
 * process pool's {@code SerializableCallable}.)
 */
@FunctionalInterface
public interface ClusterCallable<T> extends Callable<T>, Serializable {
}
