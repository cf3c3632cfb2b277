package javafutures.futures;

import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * A {@link Function} whose body may throw checked exceptions, so that
 * {@code pool.map(x -> slowSquare(x), items)} compiles when {@code slowSquare} sleeps. Pools call
 * {@link #applyChecked} and keep the exception it throws as the item's exception.
 */
@FunctionalInterface
public interface CheckedFunction<A, R> extends Function<A, R> {
    R applyChecked(A item) throws Exception;

    /** Applies the body; a checked exception is wrapped in a {@link CompletionException}. */
    @Override
    default R apply(A item) {
        try {
            return applyChecked(item);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
