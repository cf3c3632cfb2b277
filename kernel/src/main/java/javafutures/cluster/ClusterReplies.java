package javafutures.cluster;

import javafutures.process.RemoteErrors;
import javafutures.process.RemoteTaskException;
import javafutures.process.TaskCodec;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How a {@link Dispatcher} reads members' answers and names their failures. Stateless. */
final class ClusterReplies {
    private ClusterReplies() {
    }

    /** A task's outcome: its value ({@code ok}) or its exception. */
    record Outcome(boolean ok, Object value) {
    }

    static Outcome decode(ClusterTask t, TaskReply r) {
        ClassLoader loader = t.prepared.loader();
        if (r.kind == TaskReply.ERROR) return new Outcome(false, RemoteErrors.decode(r.body, 0, loader));
        try {
            return new Outcome(true, TaskCodec.decodeValue(r.body, 0, loader));
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            return new Outcome(false, new RemoteTaskException(e.getClass().getName(), "the task's result came back"
                    + " but cannot be read in the kernel: " + e.getMessage(), ""));
        }
    }

    static MemberLostException memberLost(ClusterTask t, MemberSlot s, String why, boolean retry) {
        return new MemberLostException(s.describe(), t.future.name() + " was running on member " + s.describe()
                + ", which " + why + (retry ? "; it was sent " + t.attempts + " times"
                : "; the pool's other tasks go on. To run such tasks again on another member, create"
                + " the pool with ClusterPool.builder().retryOnMemberLoss(true)") + ".");
    }

    static MemberLostException allGone(ClusterTask t, MemberSlot s, String why) {
        return new MemberLostException(s.describe(), t.future.name() + " cannot run: every member"
                + " of this pool is gone (the last, " + s.describe() + ", " + why + ").");
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Hazelcast's ways of saying the target member is gone. */
    static boolean isMemberLoss(Throwable e) {
        String n = e.getClass().getName();
        return n.equals("com.hazelcast.core.MemberLeftException")
                || n.equals("com.hazelcast.spi.exception.TargetNotMemberException")
                || n.equals("com.hazelcast.spi.exception.TargetDisconnectedException");
    }
}
