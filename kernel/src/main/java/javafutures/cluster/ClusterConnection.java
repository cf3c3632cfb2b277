package javafutures.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import javafutures.futures.PoolRegistry;
import javafutures.futures.TaskInterruptedException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * What a {@link ClusterPool} holds outside the kernel's heap: the Hazelcast client and the member JVMs of a
 * local pool. Everything is created on threads of the pools' thread group that inherit no cell, so stopping
 * a cell never stops Hazelcast's threads (they are born from ours) and they print to no cell. {@link #close}
 * is idempotent and never blocks. Thread-safe.
 */
final class ClusterConnection {
    private volatile HazelcastInstance client;
    private volatile LocalMembers local;
    private volatile boolean closed;
    private volatile String secret;
    private volatile ClusterPool.Builder options;
    private volatile String clusterName;

    List<Long> localPids() {
        LocalMembers m = local;
        return m == null ? List.of() : m.pids();
    }

    /** The addresses of the local members ({@code host:port}). */
    List<String> memberAddresses() {
        LocalMembers m = local;
        return m == null ? List.of() : List.copyOf(m.addresses());
    }

    boolean isLocal() {
        return options != null && options.members > 0;
    }

    /** Starts the local members (if asked) and the client; waits interruptibly, cleaning up on failure. */
    void open(ClusterPool.Builder b, String clusterName, Dispatcher dispatcher, String secret) {
        this.options = b;
        this.clusterName = clusterName;
        this.secret = secret;
        long timeout = b.startTimeout.toMillis();
        CompletableFuture<Void> started = new CompletableFuture<>();
        PoolRegistry.newDaemon(() -> {
            try {
                List<String> addresses = b.addresses;
                if (b.members > 0) {
                    local = LocalMembers.start(b.members, clusterName, b.threadsPerMember, b.jvmArgs, timeout, secret);
                    addresses = local.addresses();
                }
                if (closed) throw new IllegalStateException("cancelled");
                client = HazelcastClient.newHazelcastClient(HazelcastSetup.client(clusterName, addresses, timeout));
                dispatcher.attach(client, b.members > 0);
                if (local != null) {
                    local.onExit(dispatcher::processEnded);
                    awaitMembers(dispatcher, b.members, timeout);
                }
                if (closed) throw new IllegalStateException("cancelled");
                started.complete(null);
            } catch (Throwable e) {
                // Also when the cell gave up waiting (closed already): end what was started meanwhile.
                close();
                started.completeExceptionally(e);
            }
        }, "java-futures-cluster-start").start();
        try {
            started.get();
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new TaskInterruptedException("interrupted while starting the cluster pool", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException("could not " + (b.members > 0 ? "start a local cluster of " + b.members
                    + " members" : "join the cluster \"" + clusterName + "\" at " + String.join(", ", b.addresses))
                    + ": " + c, c);
        }
    }

    private static void awaitMembers(Dispatcher dispatcher, int n, long timeout) throws InterruptedException {
        long end = System.currentTimeMillis() + timeout;
        while (dispatcher.memberCount() < n && System.currentTimeMillis() < end) Thread.sleep(20);
        if (dispatcher.memberCount() < n) {
            throw new IllegalStateException("only " + dispatcher.memberCount() + " of " + n
                    + " members joined the cluster within " + timeout + " ms");
        }
    }

    /** Starts {@code n} more local members and waits until they joined (a local pool growing). */
    void grow(int n, Dispatcher dispatcher, int target) {
        LocalMembers m = local;
        ClusterPool.Builder b = options;
        if (m == null || b == null || closed) throw new IllegalStateException("the pool is closed");
        try {
            m.add(n, clusterName, b.threadsPerMember, b.jvmArgs, b.startTimeout.toMillis(), secret, dispatcher::processEnded);
            awaitMembers(dispatcher, target, b.startTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskInterruptedException("interrupted while starting cluster members", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not start a cluster member: " + e.getMessage(), e);
        }
    }

    /** Ends one local member (a local pool shrinking; it holds no task). */
    void stopMember(long pid) {
        LocalMembers m = local;
        if (m != null) m.stop(pid);
    }

    /** Leaves the cluster and ends local members; returns at once. */
    void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        LocalMembers m = local;
        HazelcastInstance c = client;
        // Members first: they end at once, and the client's shutdown then has nobody to say goodbye to.
        if (m != null) m.destroy();
        if (c != null) PoolRegistry.newDaemon(() -> {
            try {
                c.shutdown();
            } catch (RuntimeException e) {
                // already shut down
            }
        }, "java-futures-cluster-client-close").start();
    }

    boolean isClosed() {
        return closed;
    }
}
