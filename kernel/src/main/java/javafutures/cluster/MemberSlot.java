package javafutures.cluster;

import com.hazelcast.cluster.Member;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The kernel's view of one member: where it is, how many tasks it may hold, which tasks it holds, which
 * class sets it has confirmed it knows and which map parts it was sent. Guarded by the {@link Dispatcher}'s lock.
 */
final class MemberSlot {
    final Member member;
    final UUID uuid;
    final String address;
    final long pid;
    final int threads;
    final Set<ClusterTask> tasks = new LinkedHashSet<>();
    final Set<Long> knownClassSets = new HashSet<>();
    /** Ids of the map parts ({@code SharedFunction}s) sent to it and not released; it may have dropped some. */
    final Set<Long> shared = new HashSet<>();
    /**
     * Ids of the map parts travelling in a call not answered yet. Hazelcast runs a member's calls on several
     * threads, so a later call may start before the one that carries a part has stored it: a chunk that
     * needs such a part waits in the queue until that call is answered (rather than going without it, which
     * makes the member ask for it again, or with it, which sends it twice).
     */
    final Set<Long> sharedInFlight = new HashSet<>();
    /** The pool shrank: it takes no new tasks and its member is ended once it holds none. */
    boolean retiring;
    /** Member calls (envelopes) sent to it and not answered yet. */
    int calls;

    MemberSlot(Member member) {
        this.member = member;
        this.uuid = member.getUuid();
        this.address = member.getAddress().getHost() + ":" + member.getAddress().getPort();
        this.pid = number(member.getAttribute(HazelcastSetup.ATTR_PID), -1);
        this.threads = (int) Math.max(1, number(member.getAttribute(HazelcastSetup.ATTR_THREADS), 1));
    }

    /** {@code host:port (pid N)}, as the live table and {@code %pool} show it. */
    String describe() {
        return pid > 0 ? address + " (pid " + pid + ")" : address;
    }

    private static long number(String s, long dflt) {
        try {
            return s == null ? dflt : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
