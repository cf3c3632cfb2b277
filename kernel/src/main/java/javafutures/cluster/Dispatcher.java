package javafutures.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import javafutures.process.ClassSet;
import javafutures.process.RemoteErrors;
import javafutures.process.RemoteTaskException;
import javafutures.process.TaskCodec;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Schedules a {@link ClusterPool}'s tasks onto members. Tasks wait in the kernel until a member has room
 * ({@link MemberSlot#window()}), least-loaded member first, so a queued task can always be cancelled and
 * every member gets work. A task's class set travels with it until its member has confirmed it knows it.
 * When a member leaves or dies, the tasks it held are retried elsewhere or failed with a
 * {@link MemberLostException} naming it; the others go on. Replies are decoded and futures completed on the
 * pool's completion thread, never on Hazelcast's. Thread-safe: state is guarded by {@code this}.
 */
final class Dispatcher implements InitialMembershipListener {
    /** How often a task is sent before a lost member fails it even with retries on. */
    static final int MAX_ATTEMPTS = 3;

    private final String session = UUID.randomUUID().toString();
    private final boolean retry;
    private final Executor completions;
    private final ArrayDeque<ClusterTask<?>> queue = new ArrayDeque<>();
    private final Map<UUID, MemberSlot> members = new LinkedHashMap<>();
    private final Map<ClassSet, byte[]> classBytes = new WeakHashMap<>();
    private final LongAdder finished = new LongAdder();
    private IExecutorService executor;
    private int next;
    private boolean shutdown;
    /** Set for pools that own their members: once none is left, queued tasks fail instead of waiting. */
    private boolean failWhenEmpty;
    private boolean hadMembers;

    Dispatcher(boolean retry, Executor completions) {
        this.retry = retry;
        this.completions = completions;
    }

    void attach(HazelcastInstance client, boolean failWhenEmpty) {
        synchronized (this) {
            this.executor = client.getExecutorService(HazelcastSetup.EXECUTOR);
            this.failWhenEmpty = failWhenEmpty;
        }
        client.getCluster().addMembershipListener(this);
    }

    // ---- membership ----

    @Override
    public void init(InitialMembershipEvent event) {
        for (Member m : event.getMembers()) add(m);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        add(event.getMember());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        MemberSlot s;
        synchronized (this) {
            s = members.get(event.getMember().getUuid());
        }
        if (s != null) lost(s, "left the cluster");
    }

    private void add(Member m) {
        if (m.isLiteMember()) return;
        List<Send> sends;
        synchronized (this) {
            members.putIfAbsent(m.getUuid(), new MemberSlot(m));
            hadMembers = true;
            sends = pump();
        }
        send(sends);
    }

    /** A local member's process ended: its tasks are lost now, before Hazelcast notices. */
    void processEnded(long pid, String how) {
        MemberSlot s = null;
        synchronized (this) {
            for (MemberSlot m : members.values()) if (m.pid == pid) s = m;
        }
        if (s != null) lost(s, how);
    }

    synchronized List<String> memberNames() {
        return members.values().stream().map(MemberSlot::describe).toList();
    }

    synchronized int memberCount() {
        return members.size();
    }

    /** Forgets {@code s} and retries or fails every task it held; with no member left, maybe the queue too. */
    private void lost(MemberSlot s, String why) {
        List<Runnable> failures = new ArrayList<>();
        List<Send> sends;
        synchronized (this) {
            if (members.remove(s.uuid) == null) return;
            for (ClusterTask<?> t : s.tasks) {
                t.slot = null;
                t.remote = null;
                if (t.done()) continue;
                if (retry && t.attempts < MAX_ATTEMPTS) {
                    t.queued = true;
                    t.sendClasses = true;
                    queue.addFirst(t);
                } else {
                    MemberLostException e = new MemberLostException(s.describe(), t.name() + " was running on member "
                            + s.describe() + ", which " + why + (retry ? "; it was sent " + t.attempts + " times"
                            : "; the pool's other tasks go on. To run such tasks again on another member, create"
                            + " the pool with ClusterPool.builder().retryOnMemberLoss(true)") + ".");
                    failures.add(() -> t.failWith(e));
                }
            }
            s.tasks.clear();
            if (members.isEmpty() && failWhenEmpty) {
                for (ClusterTask<?> t : queue) {
                    t.queued = false;
                    MemberLostException e = new MemberLostException(s.describe(), t.name() + " cannot run: every member"
                            + " of this pool is gone (the last, " + s.describe() + ", " + why + ").");
                    failures.add(() -> t.failWith(e));
                }
                queue.clear();
            }
            sends = pump();
        }
        for (Runnable r : failures) completions.execute(r);
        send(sends);
    }

    // ---- submitting ----

    void enqueue(ClusterTask<?> t) {
        List<Send> sends;
        synchronized (this) {
            if (shutdown) throw new RejectedExecutionException("the pool is shut down");
            if (failWhenEmpty && hadMembers && members.isEmpty()) {
                throw new RejectedExecutionException("every member of this pool is gone; create a new ClusterPool");
            }
            t.queued = true;
            queue.add(t);
            sends = pump();
        }
        send(sends);
    }

    private record Send(ClusterTask<?> task, MemberSlot slot, boolean classes) {
    }

    /** Takes tasks off the queue for members with room; call with the lock held, send the result without it. */
    private List<Send> pump() {
        List<Send> sends = List.of();
        while (!queue.isEmpty() && executor != null) {
            MemberSlot s = pick();
            if (s == null) break;
            ClusterTask<?> t = queue.poll();
            t.queued = false;
            if (t.attempts == 0 ? !t.start(s.describe()) : t.done()) continue; // cancelled meanwhile
            t.slot = s;
            t.attempts++;
            s.tasks.add(t);
            boolean classes = t.sendClasses || !s.knownClassSets.contains(t.prepared.classes().id());
            t.sendClasses = false;
            if (sends.isEmpty()) sends = new ArrayList<>();
            sends.add(new Send(t, s, classes));
        }
        return sends;
    }

    /** The least-loaded member with room, taking turns among equals so every member gets work. */
    private MemberSlot pick() {
        MemberSlot best = null;
        double load = Double.MAX_VALUE;
        List<MemberSlot> all = new ArrayList<>(members.values());
        for (int i = 0; i < all.size(); i++) {
            MemberSlot s = all.get((next + i) % all.size());
            if (s.tasks.size() >= s.window()) continue;
            double l = (double) s.tasks.size() / s.threads;
            if (l < load) {
                load = l;
                best = s;
            }
        }
        next++;
        return best;
    }

    private void send(List<Send> sends) {
        for (Send x : sends) {
            ClusterTask<?> t = x.task();
            ClassSet set = t.prepared.classes();
            Future<TaskReply> f;
            try {
                TaskEnvelope env = new TaskEnvelope(session, set.id(), x.classes() ? classBytes(set) : null,
                        t.prepared.bytes());
                f = executor.submitToMember(env, x.slot().member);
            } catch (RuntimeException | IOException e) {
                replied(t, x.slot(), null, e);
                continue;
            }
            synchronized (this) {
                if (t.slot == x.slot()) t.remote = f;
            }
            ((CompletionStage<TaskReply>) f).whenComplete((reply, error) -> replied(t, x.slot(), reply, error));
        }
    }

    private byte[] classBytes(ClassSet set) throws IOException {
        if (set == ClassSet.EMPTY) return null;
        synchronized (classBytes) {
            byte[] b = classBytes.get(set);
            if (b == null) classBytes.put(set, b = set.encodeFor(new HashSet<>()));
            return b;
        }
    }

    private void replied(ClusterTask<?> t, MemberSlot s, TaskReply reply, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause != null && isMemberLoss(cause)) {
            lost(s, "could not be reached (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
            return;
        }
        List<Send> sends;
        synchronized (this) {
            if (t.slot != s) return; // its member was lost meanwhile: handled there
            s.tasks.remove(t);
            t.slot = null;
            t.remote = null;
            long id = t.prepared.classes().id();
            if (reply != null && reply.kind == TaskReply.NEED_CLASSES) {
                s.knownClassSets.remove(id);
                t.sendClasses = true;
                t.attempts--;
                t.queued = true;
                queue.addFirst(t);
                reply = null;
                cause = null;
            } else if (reply != null) {
                s.knownClassSets.add(id);
            }
            sends = pump();
            if (shutdown && isIdle()) notifyAll();
        }
        send(sends);
        if (reply != null) {
            TaskReply r = reply;
            completions.execute(() -> finish(t, r));
        } else if (cause != null && !(cause instanceof CancellationException)) {
            Throwable c = cause;
            completions.execute(() -> t.failWith(c));
        }
    }

    private static void finish(ClusterTask<?> t, TaskReply r) {
        if (r.out != null) t.print(false, r.out);
        if (r.err != null) t.print(true, r.err);
        ClassLoader loader = t.prepared.loader();
        t.ranFor(r.nanos);
        if (r.kind == TaskReply.ERROR) {
            t.failWith(RemoteErrors.decode(r.body, 0, loader));
            return;
        }
        try {
            t.succeed(TaskCodec.decodeValue(r.body, 0, loader));
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            t.failWith(new RemoteTaskException(e.getClass().getName(), "the task's result came back but cannot be"
                    + " read in the kernel: " + e.getMessage(), ""));
        }
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Hazelcast's ways of saying the target member is gone. */
    private static boolean isMemberLoss(Throwable e) {
        String n = e.getClass().getName();
        return n.equals("com.hazelcast.core.MemberLeftException")
                || n.equals("com.hazelcast.spi.exception.TargetNotMemberException")
                || n.equals("com.hazelcast.spi.exception.TargetDisconnectedException");
    }

    // ---- cancelling and stopping ----

    /** {@code cancel(true)} of a RUNNING task: dropped from the queue if it waits for a retry, else cancelled on its member (best effort). */
    boolean cancelRunning(ClusterTask<?> t) {
        Future<TaskReply> remote;
        synchronized (this) {
            if (t.queued) {
                queue.remove(t);
                t.queued = false;
                return true;
            }
            remote = t.remote;
        }
        // Hazelcast's cancel waits for the member's answer; cancelRunning must not block.
        if (remote != null) completions.execute(() -> remote.cancel(true));
        return true;
    }

    void taskDone() {
        finished.increment();
    }

    /** Stops taking tasks; returns the queued ones (for the caller to cancel outside the lock) if asked to. */
    synchronized List<ClusterTask<?>> shutdown(boolean takeQueued) {
        shutdown = true;
        List<ClusterTask<?>> out = new ArrayList<>();
        if (takeQueued) {
            for (ClusterTask<?> t : queue) t.queued = false;
            out.addAll(queue);
            queue.clear();
        }
        if (isIdle()) notifyAll();
        return out;
    }

    /** Every task sent to a member and not back yet. */
    synchronized List<ClusterTask<?>> inFlight() {
        List<ClusterTask<?>> out = new ArrayList<>();
        for (MemberSlot s : members.values()) out.addAll(s.tasks);
        return out;
    }

    synchronized boolean isShutdown() {
        return shutdown;
    }

    synchronized boolean isIdle() {
        if (!queue.isEmpty()) return false;
        for (MemberSlot s : members.values()) if (!s.tasks.isEmpty()) return false;
        return true;
    }

    /** Waits until nothing is queued or in flight; false on timeout. */
    synchronized boolean awaitIdle(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!isIdle()) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(Math.min(left, 200));
        }
        return true;
    }

    synchronized int queued() {
        int n = 0;
        for (ClusterTask<?> t : queue) if (t.attempts == 0) n++;
        return n;
    }

    synchronized int running() {
        int n = queue.size() - queued();
        for (MemberSlot s : members.values()) n += s.tasks.size();
        return n;
    }

    long finished() {
        return finished.sum();
    }
}
