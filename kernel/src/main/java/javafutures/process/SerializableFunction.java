package javafutures.process;

import javafutures.futures.CheckedFunction;

import java.io.Serializable;

/**
 * The function of {@code ProcessPool.map}: {@link Serializable}, so a lambda travels to the workers without
 * a cast, and a {@link CheckedFunction}, so its body may throw checked exceptions.
 */
@FunctionalInterface
public interface SerializableFunction<A, R> extends CheckedFunction<A, R>, Serializable {
}
