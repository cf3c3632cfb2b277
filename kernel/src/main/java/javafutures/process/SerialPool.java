package javafutures.process;

import javafutures.futures.AbstractPool;
import javafutures.futures.PoolEngine;
import javafutures.futures.TaskFuture;

import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The public surface every pool of serializable tasks shares ({@link ProcessPool}, {@code ClusterPool}):
 * overloads whose parameter types are serializable functional interfaces, so a lambda written in a cell
 * travels without a cast. Everything else is the pool core's ({@link AbstractPool}); the plain
 * {@code Callable}/{@code Runnable}/{@code Function} forms take tasks that are serializable at run time and
 * throw {@link TaskNotSerializableException} at submit otherwise.
 */
public abstract class SerialPool extends AbstractPool {
    protected SerialPool(PoolEngine engine, boolean lifelong) {
        super(engine, lifelong);
    }

    /** Submits a task that returns a value (what {@code submit(() -> f(x))} picks in a cell). */
    public <T> TaskFuture<T> submit(SerializableCallable<T> task) {
        return submit((String) null, (Callable<T>) task);
    }

    /** Submits a void task that may throw checked exceptions; its future's value is null. */
    public TaskFuture<Void> submit(SerializableRunnable task) {
        return submit((String) null, (Runnable) task);
    }

    /** Submits a task labelled {@code name} in status tables ({@code --name}); null means {@code task-N}. */
    public <T> TaskFuture<T> submit(String name, SerializableCallable<T> task) {
        return submit(name, (Callable<T>) task);
    }

    /** Like {@link #submit(String, SerializableCallable)} for a void task. */
    public TaskFuture<Void> submit(String name, SerializableRunnable task) {
        return submit(name, (Runnable) task);
    }

    /**
     * {@code map} of a serializable function: results in input order, lazily, bounded in memory (see
     * {@link AbstractPool#map(Function, Iterable)}).
     */
    public <A, R> Stream<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return map(fn, items, 1);
    }

    /** Like {@link #map(SerializableFunction, Iterable)}, sending {@code chunkSize} items per task. */
    public <A, R> Stream<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> items, int chunkSize) {
        return map((Function<? super A, ? extends R>) fn, items, chunkSize);
    }
}
