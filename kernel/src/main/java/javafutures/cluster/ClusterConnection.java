package javafutures.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link ClusterPool} holds outside the kernel's heap: the Hazelcast client, the member JVMs of a
 * local pool, and the thread that completes its futures. Everything is created on threads of the pools'
 * thread group that inherit no cell, so stopping a cell never stops Hazelcast's threads and they print to no
 * cell. {@link #close} is idempotent and never blocks long. Thread-safe.
 */
final class ClusterConnection {
    private final ThreadPoolExecutor completions;
    private volatile HazelcastInstance client;
    private volatile LocalMembers local;
    private volatile boolean closed;

    ClusterConnection(String poolName) {
        completions = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(javafutures.futures.Pools.threadGroup(), r,
                            "java-futures-" + poolName + "-completions", 0, false);
                    t.setDaemon(true);
                    return t;
                },
                // After close, late completions (a member's death reported as it is killed) run in place.
                (r, ex) -> r.run());
    }

    Executor completions() {
        return completions;
    }

    List<Long> localPids() {
        LocalMembers m = local;
        return m == null ? List.of() : m.pids();
    }

    /** Starts the local members (if asked) and the client; waits interruptibly, cleaning up on failure. */
    void open(ClusterPool.Builder b, String clusterName, Dispatcher dispatcher) {
        long timeout = b.startTimeout.toMillis();
        CompletableFuture<Void> started = new CompletableFuture<>();
        LocalMembers.thread(() -> {
            try {
                List<String> addresses = b.addresses;
                if (b.members > 0) {
                    local = LocalMembers.start(b.members, clusterName, b.threadsPerMember, b.jvmArgs, timeout);
                    addresses = local.addresses();
                }
                if (closed) throw new IllegalStateException("cancelled");
                client = HazelcastClient.newHazelcastClient(HazelcastSetup.client(clusterName, addresses, timeout));
                dispatcher.attach(client, b.members > 0);
                if (local != null) {
                    local.onExit(dispatcher::processEnded);
                    long end = System.currentTimeMillis() + timeout;
                    while (dispatcher.memberCount() < b.members && System.currentTimeMillis() < end) Thread.sleep(20);
                    if (dispatcher.memberCount() < b.members) {
                        throw new IllegalStateException("only " + dispatcher.memberCount() + " of " + b.members
                                + " members joined the cluster within " + timeout + " ms");
                    }
                }
                if (closed) throw new IllegalStateException("cancelled");
                started.complete(null);
            } catch (Throwable e) {
                // Also when the cell gave up waiting (closed already): end what was started meanwhile.
                closed = true;
                if (local != null) local.destroy();
                if (client != null) client.shutdown();
                completions.shutdown();
                started.completeExceptionally(e);
            }
        }, "java-futures-cluster-start");
        try {
            started.get();
        } catch (InterruptedException e) {
            close(false);
            Thread.currentThread().interrupt();
            throw new javafutures.futures.TaskInterruptedException("interrupted while starting the cluster pool", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException("could not " + (b.members > 0 ? "start a local cluster of " + b.members
                    + " members" : "join the cluster \"" + clusterName + "\" at " + String.join(", ", b.addresses))
                    + ": " + c, c);
        }
    }

    /** Leaves the cluster and ends local members; with {@code drain}, lets queued completions finish first. */
    void close(boolean drain) {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        LocalMembers m = local;
        HazelcastInstance c = client;
        // Members first: they end at once, and the client's shutdown then has nobody to say goodbye to.
        if (m != null) m.destroy();
        if (c != null) LocalMembers.thread(() -> {
            try {
                c.shutdown();
            } catch (RuntimeException e) {
                // already shut down
            }
        }, "java-futures-cluster-client-close");
        completions.shutdown();
        if (drain) {
            try {
                completions.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isClosed() {
        return closed && completions.isTerminated();
    }
}
