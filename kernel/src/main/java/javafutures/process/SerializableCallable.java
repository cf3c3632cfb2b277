package javafutures.process;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that is {@link Serializable}: what a value-returning lambda passed to
 * {@code ProcessPool.submit} becomes, so it can travel to a worker JVM without a cast.
 */
@FunctionalInterface
public interface SerializableCallable<T> extends Callable<T>, Serializable {
}
