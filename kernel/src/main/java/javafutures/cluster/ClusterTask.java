package javafutures.cluster;

import javafutures.futures.PoolFuture;
import javafutures.process.PreparedTask;

import java.util.concurrent.Future;

/**
 * The {@link Dispatcher}'s record of one task of a {@link ClusterPool}: its future, its serialized form, and
 * where it is (queued in the kernel, or sent to a member in a batch). Fields are guarded by the
 * dispatcher's lock.
 */
final class ClusterTask {
    final PoolFuture<?> future;
    final PreparedTask prepared;
    MemberSlot slot;
    /** The member call that carries it (shared by the tasks of one batch). */
    Future<ReplyBatch> remote;
    /** How many tasks that member call carries. */
    int batchSize;
    int attempts;
    /** Its future became RUNNING when it was first sent; later sends only check it is not done. */
    boolean begun;
    boolean sendClasses;
    /** Times its member answered NEED_PART (the chunk then goes again with its map part). */
    int partRequests;
    boolean queued;

    ClusterTask(PoolFuture<?> future, PreparedTask prepared) {
        this.future = future;
        this.prepared = prepared;
    }

    @Override
    public String toString() {
        return future.name();
    }
}
