package javafutures.cluster;

import javafutures.futures.PoolRegistry;
import javafutures.futures.TaskFuture;
import javafutures.process.SerialPool;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
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
 * NAME --secret-file FILE --host ADDRESS --port 5701 --members ADDRESS:5701,...}; the kernel joins as a
 * Hazelcast client. On the pool core ({@link javafutures.futures.AbstractPool}: the same submit, map,
 * invoke, shutdown, cancel and callback promises as every pool) with a cluster engine ({@code Dispatcher}).
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
 * <p><b>Security.</b> Open-source Hazelcast has neither authentication nor TLS, so every task is signed:
 * each pool has a secret (random for a local pool, handed to its members on their stdin; for
 * {@link #connect} read from a file, {@link Builder#secretFile}) and every task envelope carries an
 * HMAC-SHA256 over its bytes; members refuse (and log) envelopes without a valid one. Local pools bind to
 * 127.0.0.1 under a random cluster name; task bytes cross the network in clear, so a cluster of several
 * machines must still run on a trusted network.
 * Thread-safe.
 */
public final class ClusterPool extends SerialPool {
    /** The cluster name {@link #connect(String...)} uses, and the one to give members started for it. */
    public static final String DEFAULT_CLUSTER_NAME = "java-futures";
    /**
     * Where {@link #connect(String...)} reads the secret when none is given:
     * {@code ~/.java-futures/cluster.secret}.
     */
    public static final Path DEFAULT_SECRET_FILE = Path.of(System.getProperty("user.home"), ".java-futures", "cluster.secret");
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final String clusterName;

    private ClusterPool(Builder b, String clusterName, Dispatcher engine, String secret) {
        super(engine, b.lifelong);
        this.clusterName = clusterName;
        engine.connection.open(b, clusterName, engine, secret);
    }

    private static ClusterPool create(Builder b) {
        String name = b.name != null ? b.name : "cluster-" + COUNT.incrementAndGet();
        if (!b.lifelong && PoolRegistry.isReserved(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is reserved for a default pool");
        }
        String clusterName = b.clusterName != null ? b.clusterName
                : b.members > 0 ? "java-futures-" + UUID.randomUUID().toString().substring(0, 8) : DEFAULT_CLUSTER_NAME;
        byte[] key = b.members > 0 && b.secretFile == null ? TaskSigner.decode(TaskSigner.newSecret()) : readSecret(b);
        String secret = java.util.Base64.getEncoder().encodeToString(key); // what local members read on stdin
        return new ClusterPool(b, clusterName, new Dispatcher(name, b.retry, key), secret);
    }

    private static byte[] readSecret(Builder b) {
        Path file = b.secretFile != null ? b.secretFile : DEFAULT_SECRET_FILE;
        try {
            return MemberSecret.readFile(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cluster's secret from " + file + " (" + e + "). Members"
                    + " run only tasks signed with their secret: put one line of random text (at least 16 bytes) in a"
                    + " file only you can read (chmod 600), start every member with --secret-file FILE, and build the"
                    + " pool with ClusterPool.builder().secretFile(FILE)" + (b.secretFile == null ? " (or use " + file + ")" : ""), e);
        }
    }

    /** The kernel's default cluster pool, {@code Pools.cluster()}: two local members, named {@code cluster}. */
    public static ClusterPool createDefault() {
        Builder b = builder().members(2);
        b.name = PoolRegistry.CLUSTER;
        b.lifelong = true;
        return b.build();
    }

    /** A pool of {@code members} member JVMs started on this machine (loopback only), ended with the pool. */
    public static ClusterPool local(int members) {
        return builder().members(members).build();
    }

    /**
     * A pool on an existing cluster called {@value #DEFAULT_CLUSTER_NAME}, reached at any of
     * {@code addresses} ({@code host:port}).
     */
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
        Path secretFile;
        boolean lifelong;

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

        /**
         * The file holding the cluster's secret (one line, readable by its owner only: chmod 600), the one its
         * members were started with ({@code --secret-file}); default {@link #DEFAULT_SECRET_FILE} when joining a
         * cluster. A local pool makes a random one unless this is given.
         */
        public Builder secretFile(Path file) {
            this.secretFile = Objects.requireNonNull(file, "file");
            return this;
        }

        public ClusterPool build() {
            if ((members > 0) == !addresses.isEmpty()) {
                throw new IllegalArgumentException("give either members(n) for a local cluster or addresses(...) to join one");
            }
            return create(this);
        }
    }

    // ---- what only cluster pools have ----

    Dispatcher dispatcher() {
        return (Dispatcher) engine();
    }

    /** The cluster's name (members must be started with it). */
    public String clusterName() {
        return clusterName;
    }

    /** The pids of the member JVMs this pool started (empty for a pool that joined a cluster). */
    public List<Long> memberPids() {
        return dispatcher().memberPids();
    }

    /**
     * Changes the number of members of a local pool: new ones are started (this waits until they joined),
     * extra ones take no new tasks and end once their tasks are done. A pool that joined a cluster cannot.
     */
    @Override
    public void resize(int members) {
        super.resize(members);
    }

    @Override
    public String describe() {
        return super.describe() + ", cluster " + clusterName + ": " + String.join(", ", workerNames());
    }

    @Override
    public String toString() {
        return "ClusterPool[" + describe() + "]";
    }
}
