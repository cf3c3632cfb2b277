package javafutures.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import javafutures.futures.PoolFuture;
import javafutures.process.SerialEngine;
import javafutures.process.SharedFunction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The cluster engine of a {@link ClusterPool}: schedules its tasks onto members. Tasks wait in the kernel
 * until a member has room ({@link Members}), least-loaded member first, so a queued task can always be
 * cancelled and every member gets work. While tasks turn out short, several go to a member in one signed
 * {@link TaskEnvelope} (one Hazelcast call, one reply), as a process worker's window sends tasks ahead.
 * A task's class set travels with it until its member has confirmed it knows it; a map's function and values
 * ({@link SharedFunction}) go to a member once per map and are dropped when the map ends ({@link MapParts}).
 * When a member leaves or
 * dies, the tasks it held are retried elsewhere or failed with a {@link MemberLostException} naming it
 * ({@link ClusterReplies}). A task counts as started once sent. Membership events come through {@link MemberWatch};
 * a call's tasks are taken off the queue as a {@link Batch}. Thread-safe: state is guarded by {@code this}.
 */
final class Dispatcher extends SerialEngine {
    /** How often a task is sent before a lost member fails it even with retries on. */
    static final int MAX_ATTEMPTS = 3;
    /** How often a chunk is sent again with its map part before a member that keeps lacking it fails it. */
    static final int MAX_PART_REQUESTS = 8;

    final ClusterConnection connection;
    final Envelopes envelopes; // package-private: tests sign with the pool's secret
    private final ClusterJars jars;
    private final boolean retry;
    private final ArrayDeque<ClusterTask> queue = new ArrayDeque<>();
    private final Members members = new Members();
    private final MapParts parts = new MapParts();
    private IExecutorService executor;
    private boolean shutdown;
    /** Set for pools that own their members: once none is left, queued tasks fail instead of waiting. */
    private boolean failWhenEmpty;
    private boolean hadMembers;

    Dispatcher(String poolName, boolean retry, byte[] secret) {
        super(poolName);
        this.retry = retry;
        this.envelopes = new Envelopes(secret);
        this.jars = new ClusterJars(envelopes);
        this.connection = new ClusterConnection();
    }

    void attach(HazelcastInstance client, boolean failWhenEmpty) {
        synchronized (this) {
            this.executor = client.getExecutorService(HazelcastSetup.EXECUTOR);
            this.failWhenEmpty = failWhenEmpty;
        }
        client.getCluster().addMembershipListener(new MemberWatch(this));
    }

    // ---- membership (events from MemberWatch) ----

    /** A member left the cluster (Hazelcast's event). */
    void removed(java.util.UUID member) {
        MemberSlot s;
        synchronized (this) {
            s = members.byId.get(member);
        }
        if (s != null) lost(s, "left the cluster");
    }

    void add(Member m) {
        if (m.isLiteMember()) return;
        List<Send> sends;
        synchronized (this) {
            members.byId.putIfAbsent(m.getUuid(), new MemberSlot(m));
            hadMembers = true;
            sends = pump();
        }
        send(sends);
    }

    /** A local member's process ended: its tasks are lost now, before Hazelcast notices. */
    void processEnded(long pid, String how) {
        MemberSlot s;
        synchronized (this) {
            s = members.byPid(pid);
        }
        if (s != null) lost(s, how);
    }

    synchronized int memberCount() {
        return members.byId.size();
    }

    /** Pids of the member JVMs this pool started. */
    List<Long> memberPids() {
        return connection.localPids();
    }

    /** Forgets {@code s} and retries or fails every task it held; with no member left, maybe the queue too. */
    void lost(MemberSlot s, String why) {
        List<Runnable> failures = new ArrayList<>();
        List<Send> sends;
        synchronized (this) {
            if (members.byId.remove(s.uuid) == null) return;
            for (ClusterTask t : s.tasks) {
                t.slot = null;
                t.remote = null;
                if (t.future.done()) continue;
                if (retry && t.attempts < MAX_ATTEMPTS) {
                    t.queued = true;
                    t.sendClasses = true;
                    queue.addFirst(t);
                } else {
                    failures.add(() -> failed(t.future, ClusterReplies.memberLost(t, s, why, retry)));
                }
            }
            s.tasks.clear();
            if (members.byId.isEmpty() && failWhenEmpty) {
                for (ClusterTask t : queue) {
                    t.queued = false;
                    failures.add(() -> failed(t.future, ClusterReplies.allGone(t, s, why)));
                }
                queue.clear();
            }
            sends = pump();
            notifyAll();
        }
        for (Runnable r : failures) r.run();
        send(sends);
        closeIfDone();
    }

    // ---- the engine ----

    @Override
    protected String kind() {
        return "cluster";
    }

    @Override
    protected void start(PoolFuture<?> f) {
        ClusterTask t = new ClusterTask(f, prepared(f));
        setHandle(f, t);
        List<Send> sends;
        synchronized (this) {
            if (shutdown) throw new RejectedExecutionException("the pool is shut down");
            if (failWhenEmpty && hadMembers && members.byId.isEmpty()) {
                throw new RejectedExecutionException("every member of this pool is gone; create a new ClusterPool");
            }
            t.queued = true;
            queue.add(t);
            sends = pump();
        }
        send(sends);
    }

    /** Tasks sent to one member in one call. */
    record Send(List<ClusterTask> tasks, MemberSlot slot, TaskEnvelope envelope, List<TaskEnvelope.MapPart> parts) {
    }

    /** Takes tasks off the queue for members with room; call with the lock held, send the result without it. */
    private List<Send> pump() {
        List<Send> sends = List.of();
        Set<MemberSlot> waiting = new HashSet<>(); // members whose next chunk waits for its map part to arrive
        while (!queue.isEmpty() && executor != null) {
            MemberSlot s = members.pick(queue.size(), waiting);
            if (s == null) break;
            // A task cancelled meanwhile is skipped; one sent again (a lost member, NEED_CLASSES, NEED_PART) has
            // started already: started() would refuse it.
            Batch b = Batch.take(queue, s, members.batchFor(s), envelopes,
                    t -> t.begun ? !t.future.done() : (t.begun = started(t.future, s.describe())));
            if (b.tasks().isEmpty()) {
                waiting.add(s);
                continue;
            }
            s.calls++;
            if (sends.isEmpty()) sends = new ArrayList<>();
            TaskEnvelope e = envelopes.of(b);
            parts.sent(e);
            sends.add(new Send(b.tasks(), s, e, b.parts()));
        }
        return sends;
    }

    private void send(List<Send> sends) {
        for (Send x : sends) {
            if (!jars.ready(x.slot())) { // the notebook's jars first, then this send again
                jars.ship(x.slot(), executor, () -> send(List.of(x)), e -> replied(x, null, e));
                continue;
            }
            Future<ReplyBatch> f;
            try {
                f = executor.submitToMember(x.envelope(), x.slot().member);
            } catch (RuntimeException e) {
                replied(x, null, e);
                continue;
            }
            synchronized (this) {
                for (ClusterTask t : x.tasks()) {
                    if (t.slot == x.slot()) {
                        t.remote = f;
                        t.batchSize = x.tasks().size();
                    }
                }
            }
            ((CompletionStage<ReplyBatch>) f).whenComplete((reply, error) -> replied(x, reply, error));
        }
    }

    private void replied(Send x, ReplyBatch batch, Throwable error) {
        Throwable cause = ClusterReplies.unwrap(error);
        if (cause != null && ClusterReplies.isMemberLoss(cause)) {
            lost(x.slot(), "could not be reached (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
            return;
        }
        List<Send> sends;
        List<Runnable> outcomes = new ArrayList<>();
        synchronized (this) {
            x.slot().calls--;
            for (TaskEnvelope.MapPart p : x.parts()) x.slot().sharedInFlight.remove(p.id()); // stored, or never will be
            List<ClusterTask> tasks = x.tasks();
            for (int i = 0; i < tasks.size(); i++) {
                ClusterTask t = tasks.get(i);
                if (t.slot != x.slot()) continue; // its member was lost meanwhile: handled there
                x.slot().tasks.remove(t);
                t.slot = null;
                t.remote = null;
                TaskReply r = batch == null || i >= batch.replies.length ? null : batch.replies[i];
                long id = t.prepared.classes().id();
                if (r != null && (r.kind == TaskReply.NEED_CLASSES || r.kind == TaskReply.NEED_PART)) {
                    if (r.kind == TaskReply.NEED_CLASSES) {
                        x.slot().knownClassSets.remove(id);
                        t.sendClasses = true;
                    } else if (++t.partRequests > MAX_PART_REQUESTS) { // a member that cannot keep it: never loop
                        outcomes.add(() -> failed(t.future, new IllegalStateException("member " + x.slot().describe()
                                + " asked for the map's function " + MAX_PART_REQUESTS + " times and never kept it")));
                        continue;
                    } else {
                        parts.askedAgain(x.slot(), t); // its next envelope to a member that lacks it carries it
                    }
                    t.attempts--;
                    t.queued = true;
                    queue.addFirst(t);
                    continue;
                }
                if (r != null) {
                    x.slot().knownClassSets.add(id);
                    if (t.prepared.shared() != null) x.slot().knownClassSets.add(t.prepared.shared().prepared().classes().id());
                    members.ran(r.nanos);
                    outcomes.add(() -> finish(t, r));
                } else if (cause != null && !(cause instanceof java.util.concurrent.CancellationException)) {
                    Throwable c = cause;
                    outcomes.add(() -> failed(t.future, c));
                }
            }
            sends = pump();
            if (x.slot().retiring && x.slot().tasks.isEmpty()) outcomes.add(() -> connection.stopMember(x.slot().pid));
            notifyAll();
        }
        send(sends);
        for (Runnable r : outcomes) r.run();
        closeIfDone();
    }

    private static void finish(ClusterTask t, TaskReply r) {
        if (r.out != null) output(t.future, false, r.out);
        if (r.err != null) output(t.future, true, r.err);
        ranRemotely(t.future, r.nanos);
        ClusterReplies.Outcome o = ClusterReplies.decode(t, r);
        if (o.ok()) succeeded(t.future, o.value()); else failed(t.future, (Throwable) o.value());
    }

    /**
     * The map that made {@code shared} ended: members holding its part are told to drop it (a signed
     * envelope, no task).
     */
    @Override
    protected void mapEnded(Object shared) {
        SharedFunction part = (SharedFunction) shared;
        List<MemberSlot> holders = new ArrayList<>();
        IExecutorService ex;
        synchronized (this) {
            part.markReleased();
            for (MemberSlot s : members.byId.values()) if (s.shared.remove(part.id())) holders.add(s);
            ex = executor;
            parts.dropped(holders.size());
        }
        for (MemberSlot s : holders) {
            try {
                ex.submitToMember(envelopes.drop(part.id()), s.member); // not waited for: a lost member lost it anyway
            } catch (RuntimeException e) {
                // the pool is closing or the member left: nothing holds the part any more
            }
        }
    }

    /**
     * {parts sent, their bytes, parts members asked for again, drops sent, task bytes sent}: how often map
     * parts travelled.
     */
    synchronized long[] partTraffic() {
        return parts.traffic();
    }

    // ---- cancelling and stopping ----

    /**
     * {@code cancel(true)} of a RUNNING task: dropped from the queue if it waits for a retry, else cancelled
     * on its member (best effort).
     */
    @Override
    protected boolean stopRunning(PoolFuture<?> f) {
        ClusterTask t = (ClusterTask) handle(f);
        Future<ReplyBatch> remote;
        synchronized (this) {
            if (t.queued) {
                queue.remove(t);
                t.queued = false;
                return true;
            }
            // A batch carries other tasks too: their results must still come; this one's is ignored.
            remote = t.batchSize == 1 ? t.remote : null;
        }
        // Hazelcast's cancel waits for the member's answer; stopRunning must not block.
        if (remote != null) async(() -> remote.cancel(true));
        return true;
    }

    @Override
    protected void forget(PoolFuture<?> f) {
        ClusterTask t = (ClusterTask) handle(f);
        if (t == null) return;
        synchronized (this) {
            if (t.queued) {
                queue.remove(t);
                t.queued = false;
            }
            notifyAll();
        }
        closeIfDone();
    }

    @Override
    protected List<PoolFuture<?>> stopAccepting(boolean takeQueued) {
        List<PoolFuture<?>> out = new ArrayList<>();
        synchronized (this) {
            shutdown = true;
            if (takeQueued) {
                for (ClusterTask t : queue) {
                    t.queued = false;
                    out.add(t.future);
                }
                queue.clear();
            }
            notifyAll();
        }
        if (!takeQueued) closeIfDone(); // else the core cancels them first, and forget() closes
        else async(this::closeIfDone);
        return out;
    }

    @Override
    protected void stopNow() {
        List<ClusterTask> flying = new ArrayList<>();
        synchronized (this) {
            shutdown = true;
            flying.addAll(members.held());
            for (ClusterTask t : queue) flying.add(t);
            queue.clear();
            notifyAll();
        }
        for (ClusterTask t : flying) cancelledByPool(t.future);
        connection.close();
    }

    /** Once shut down with nothing queued or in flight, leaves the cluster (ending the members it started). */
    private void closeIfDone() {
        synchronized (this) {
            if (!shutdown || !isIdle()) return;
        }
        connection.close();
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    protected synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    protected boolean isTerminated() {
        return isShutdown() && connection.isClosed();
    }

    @Override
    protected synchronized boolean awaitTermination(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        while (!(shutdown && connection.isClosed())) {
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, Math.min(200, left / 1_000_000)));
        }
        return true;
    }

    @Override
    protected void abandoned() {
        super.abandoned();
        closeIfDone();
    }

    private boolean isIdle() {
        return queue.isEmpty() && members.held().isEmpty();
    }

    // ---- what %pool shows ----

    @Override
    protected synchronized int workers() {
        return members.active();
    }

    @Override
    protected synchronized List<String> workerNames() {
        return members.names();
    }

    @Override
    protected synchronized int queued() {
        int n = 0;
        for (ClusterTask t : queue) if (t.attempts == 0) n++;
        return n;
    }

    @Override
    protected synchronized int running() {
        return queue.size() - queued() + members.held().size();
    }

    /**
     * A local pool starts members, or retires some (ended once they hold no task); a pool that joined a
     * cluster cannot.
     */
    @Override
    protected void resize(int n) {
        if (!connection.isLocal()) {
            throw new UnsupportedOperationException("pool " + poolName() + " joined a cluster it did not start: start"
                    + " or stop members (MemberMain) to change its size");
        }
        int grow;
        List<Long> stop = new ArrayList<>();
        synchronized (this) {
            grow = members.resizeTo(n, stop);
        }
        for (long pid : stop) connection.stopMember(pid);
        if (grow > 0) connection.grow(grow, this, n);
    }

    @Override
    protected String rejectionMessage() {
        return "ClusterPool " + poolName() + " is shut down and accepts no new tasks; create a new pool";
    }
}
