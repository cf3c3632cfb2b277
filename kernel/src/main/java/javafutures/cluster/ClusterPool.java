package javafutures.cluster;

import javafutures.futures.Pools;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskInterruptedException;
import javafutures.futures.TaskPool;
import javafutures.process.PreparedTask;
import javafutures.process.TaskCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool whose tasks run on the members of a Hazelcast cluster, through Hazelcast's distributed executor:
 * the same tasks as a {@code ProcessPool} (serializable; the notebook's classes travel with them, the
 * top-level variables they read travel by value) and the same {@link TaskFuture}s, whose worker is the
 * member, {@code host:port (pid N)}.
 * <pre>
 * try (var pool = ClusterPool.local(2)) {           // two member JVMs on this machine
 *     var f = pool.submit(() -> slowAdd(1, 6, 7));
 *     System.out.println(f.result());
 * }
 * var pool = ClusterPool.connect("10.0.0.5:5701");   // members started with MemberMain
 * </pre>
 * Members start with {@code java -cp java-futures-kernel.jar javafutures.cluster.MemberMain --cluster-name
 * NAME --host ADDRESS --port 5701 --members ADDRESS:5701,...}; the kernel joins as a Hazelcast client.
 *
 * <p><b>Failures.</b> A task whose member leaves the cluster or dies fails with {@link MemberLostException}
 * naming the member, or runs again on another member with {@link Builder#retryOnMemberLoss(boolean)} (up to
 * three sends in all); the other tasks go on. What a task throws comes back as for process pools.
 *
 * <p><b>Cancelling.</b> A queued task waits in the kernel and cancels cleanly. {@code cancel(true)} of a
 * running task asks its member to interrupt it (best effort: it stops only if it reacts to interrupts) and
 * the future is cancelled at once. RUNNING means "sent to a member"; a member holds up to twice its
 * threads' worth of tasks, so a few may still wait in its queue.
 *
 * <p><b>Security.</b> Open-source Hazelcast has neither authentication nor TLS: local pools bind to
 * 127.0.0.1 under a random cluster name; a cluster of several machines must run on a trusted network.
 * Thread-safe.
 */
public final class ClusterPool implements ExecutorService, AutoCloseable, TaskPool {
    /** The cluster name {@link #connect(String...)} uses, and the one to give members started for it. */
    public static final String DEFAULT_CLUSTER_NAME = "java-futures";
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final String name;
    private final String clusterName;
    private final ClusterConnection connection;
    private final Dispatcher dispatcher;

    private ClusterPool(Builder b) {
        this.name = b.name != null ? b.name : "cluster-" + COUNT.incrementAndGet();
        if (Pools.isReserved(name)) throw new IllegalArgumentException("\"" + name + "\" is reserved for a default pool");
        this.clusterName = b.clusterName != null ? b.clusterName
                : b.members > 0 ? "java-futures-" + UUID.randomUUID().toString().substring(0, 8) : DEFAULT_CLUSTER_NAME;
        this.connection = new ClusterConnection(name);
        this.dispatcher = new Dispatcher(b.retry, connection.completions());
        connection.open(b, clusterName, dispatcher);
        Pools.register(this);
    }

    /** A pool of {@code members} member JVMs started on this machine (loopback only), ended with the pool. */
    public static ClusterPool local(int members) {
        return builder().members(members).build();
    }

    /** A pool on an existing cluster called {@value #DEFAULT_CLUSTER_NAME}, reached at any of {@code addresses} ({@code host:port}). */
    public static ClusterPool connect(String... addresses) {
        return builder().addresses(addresses).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link ClusterPool}: give {@link #members(int)} (local) or {@link #addresses(String...)}. */
    public static final class Builder {
        int members;
        List<String> addresses = List.of();
        String clusterName;
        String name;
        boolean retry;
        int threadsPerMember = 1;
        List<String> jvmArgs = List.of();
        Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Starts this many member JVMs on this machine. */
        public Builder members(int members) {
            if (members < 1) throw new IllegalArgumentException("members must be at least 1, was " + members);
            this.members = members;
            return this;
        }

        /** Joins an existing cluster at these {@code host:port} addresses (one reachable member is enough). */
        public Builder addresses(String... addresses) {
            if (addresses.length == 0) throw new IllegalArgumentException("give at least one address, host:port");
            this.addresses = List.of(addresses);
            return this;
        }

        /** The cluster's name: random for local pools, {@value #DEFAULT_CLUSTER_NAME} otherwise. */
        public Builder clusterName(String clusterName) {
            this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
            return this;
        }

        /** The pool's name in {@code %pool} and status tables. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Run a task again on another member when its member is lost (default: fail it). */
        public Builder retryOnMemberLoss(boolean retry) {
            this.retry = retry;
            return this;
        }

        /** Tasks each local member runs at once (default 1, like a process worker). */
        public Builder threadsPerMember(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threadsPerMember must be at least 1, was " + threads);
            this.threadsPerMember = threads;
            return this;
        }

        /** Extra JVM options for local members, e.g. {@code -Xmx512m}. */
        public Builder jvmArgs(String... args) {
            this.jvmArgs = List.of(args);
            return this;
        }

        /** How long starting or joining the cluster may take (default 60 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public ClusterPool build() {
            if ((members > 0) == !addresses.isEmpty()) {
                throw new IllegalArgumentException("give either members(n) for a local cluster or addresses(...) to join one");
            }
            return new ClusterPool(this);
        }
    }

    // ---- submitting ----

    /** Submits a task that returns a value (what {@code submit(() -> f(x))} picks in a cell). */
    public <T> TaskFuture<T> submit(ClusterCallable<T> task) {
        return submit((String) null, (Callable<T>) task);
    }

    /** Submits a void task that may throw checked exceptions; its future's value is null. */
    public TaskFuture<Void> submit(ClusterRunnable task) {
        return submit((String) null, (Runnable) task);
    }

    /** Submits a {@code Callable}, which must be serializable at run time (lambdas written in cells are). */
    @Override
    public <T> TaskFuture<T> submit(Callable<T> task) {
        return submit((String) null, task);
    }

    @Override
    public TaskFuture<Void> submit(Runnable task) {
        return submit((String) null, task);
    }

    /** Submits a task whose future's value is {@code result} (kept in the kernel) once it ran. */
    @Override
    public <T> TaskFuture<T> submit(Runnable task, T result) {
        return enqueue(null, TaskCodec.prepare(Objects.requireNonNull(task, "task")), true, result, false);
    }

    /** Like {@link #submit(ClusterCallable)}, labelled {@code name} in status tables. */
    public <T> TaskFuture<T> submit(String name, ClusterCallable<T> task) {
        return submit(name, (Callable<T>) task);
    }

    public TaskFuture<Void> submit(String name, ClusterRunnable task) {
        return submit(name, (Runnable) task);
    }

    public <T> TaskFuture<T> submit(String name, Callable<T> task) {
        return enqueue(name, TaskCodec.prepare(Objects.requireNonNull(task, "task")), false, null, false);
    }

    public TaskFuture<Void> submit(String name, Runnable task) {
        return enqueue(name, TaskCodec.prepare(Objects.requireNonNull(task, "task")), false, null, false);
    }

    /** Runs {@code command} on a member; as nobody holds its future, an exception it throws is printed. */
    @Override
    public void execute(Runnable command) {
        enqueue(null, TaskCodec.prepare(Objects.requireNonNull(command, "command")), false, null, true);
    }

    private <T> TaskFuture<T> enqueue(String taskName, PreparedTask prepared, boolean fixed, Object result,
                                      boolean report) {
        ClusterTask<T> t = new ClusterTask<>(dispatcher, taskName, name, prepared, fixed, result, report);
        try {
            dispatcher.enqueue(t);
        } catch (RejectedExecutionException e) {
            t.cancel(false); // leave no PENDING future behind
            throw new RejectedExecutionException("ClusterPool " + name + ": " + e.getMessage(), e);
        }
        return t;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return ClusterInvoke.all(submitAll(tasks), timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no timeout was given", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return ClusterInvoke.any(submitAll(tasks), timeout, unit);
    }

    /** Serializes every task before submitting any, so one that cannot travel submits nothing. */
    private <T> List<TaskFuture<T>> submitAll(Collection<? extends Callable<T>> tasks) {
        List<PreparedTask> prepared = new ArrayList<>();
        for (Callable<T> t : Objects.requireNonNull(tasks, "tasks")) prepared.add(TaskCodec.prepare(Objects.requireNonNull(t, "task")));
        List<TaskFuture<T>> fs = new ArrayList<>();
        for (PreparedTask p : prepared) fs.add(enqueue(null, p, false, null, false));
        return fs;
    }

    // ---- shutting down ----

    /**
     * Python's {@code shutdown(wait, cancel_futures)}: stops accepting tasks; with {@code cancelPending}
     * cancels the queued ones; with {@code wait}, waits until every remaining task is done, then leaves the
     * cluster (ending the members a local pool started).
     */
    public void shutdown(boolean wait, boolean cancelPending) {
        for (ClusterTask<?> t : dispatcher.shutdown(cancelPending)) t.cancel(true);
        if (!wait) {
            LocalMembers.thread(this::closeWhenIdle, "java-futures-cluster-close");
            return;
        }
        try {
            while (!dispatcher.awaitIdle(1000)) {
                // keep waiting
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskInterruptedException("interrupted while waiting for pool " + name + " to finish its tasks", e);
        }
        connection.close(true);
    }

    private void closeWhenIdle() {
        try {
            while (!dispatcher.awaitIdle(1000)) {
                // keep waiting
            }
        } catch (InterruptedException e) {
            return;
        }
        connection.close(true);
    }

    @Override
    public void shutdown() {
        shutdown(false, false);
    }

    /** Cancels queued tasks and running ones (best effort on members), leaves the cluster and ends local members; returns at once. */
    @Override
    public List<Runnable> shutdownNow() {
        for (ClusterTask<?> t : dispatcher.shutdown(true)) t.cancel(true);
        for (ClusterTask<?> t : dispatcher.inFlight()) t.cancel(true);
        connection.close(false);
        return List.of();
    }

    /** {@code shutdown(true, false)}. */
    @Override
    public void close() {
        shutdown(true, false);
    }

    @Override
    public boolean isShutdown() {
        return dispatcher.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return connection.isClosed();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated()) {
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            Thread.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        }
        return true;
    }

    // ---- TaskPool: what %pool shows ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "cluster";
    }

    /** The cluster's name (members must be started with it). */
    public String clusterName() {
        return clusterName;
    }

    /** The number of members that run tasks now. */
    @Override
    public int workers() {
        return dispatcher.memberCount();
    }

    /** The members, {@code host:port (pid N)}. */
    @Override
    public List<String> workerNames() {
        return dispatcher.memberNames();
    }

    /** The pids of the member JVMs this pool started (empty for a pool that joined a cluster). */
    public List<Long> memberPids() {
        return connection.localPids();
    }

    @Override
    public int queued() {
        return dispatcher.queued();
    }

    @Override
    public int running() {
        return dispatcher.running();
    }

    @Override
    public long finished() {
        return dispatcher.finished();
    }

    @Override
    public void resize(int workers) {
        throw new UnsupportedOperationException("a cluster pool's size is its members: start or stop members instead");
    }

    @Override
    public String describe() {
        return TaskPool.super.describe() + ", cluster " + clusterName + ": " + String.join(", ", workerNames());
    }

    @Override
    public String toString() {
        return "ClusterPool[" + describe() + "]";
    }
}
