package javafutures.magic;

import java.util.Set;

/**
 * {@code %timeline [VAR...]}: a live timeline of the futures held by the named variables (each a
 * {@code TaskFuture} or a collection, array or map of them), or of every future of the kernel; the same
 * view as {@code %futures --timeline} and {@code Futures.timeline(...)}.
 */
public final class TimelineMagic extends ArgsMagic<MagicArgs> {
    public TimelineMagic() {
        super("timeline", "%timeline [VAR...]",
                "Shows a live timeline of every future this kernel has made, or of the futures held by the "
                        + "named variables: one lane per worker, one bar per task from its start to its end, its "
                        + "queued time before it (lighter), coloured by state (red: failed), a thin segment for "
                        + "serialization and transit of process and cluster tasks. Hover a bar for its task's "
                        + "name, state, worker, times and result. It updates in place until they have all finished.",
                true, false);
    }

    /** Variable names only: no options. */
    @Override
    protected MagicArgs parse(MagicCall call) throws MagicUsageException {
        return MagicArgs.parse(this, call.args(), Set.of(), Set.of()).checkNames(this);
    }

    @Override
    protected Object run(MagicArgs a, MagicCall call, MagicContext context) throws Exception {
        FutureMagics.show(this, context, a.positional, true);
        return null;
    }
}
