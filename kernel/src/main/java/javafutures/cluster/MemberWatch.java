package javafutures.cluster;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;

/**
 * Hazelcast's membership events for one {@link Dispatcher}: the members present when the client joins and
 * those added later become slots that take tasks; a member that leaves is lost (its tasks retried or failed).
 * Called on Hazelcast's event threads; the dispatcher does the locking.
 */
final class MemberWatch implements InitialMembershipListener {
    private final Dispatcher dispatcher;

    MemberWatch(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void init(InitialMembershipEvent event) {
        for (Member m : event.getMembers()) dispatcher.add(m);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        dispatcher.add(event.getMember());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        dispatcher.removed(event.getMember().getUuid());
    }
}
