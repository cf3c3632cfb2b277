package javafutures.magic;

/**
 * A magic whose arguments parse into an {@code A}. {@link #check} parses them, throwing what is wrong, and
 * {@link #run} parses them again (it runs later, on the cell's thread) and hands them over: checking and running
 * read the arguments through the same code, so they cannot disagree.
 */
public abstract class ArgsMagic<A> extends AbstractMagic {
    protected ArgsMagic(String name, String usage, String help, boolean line, boolean cell) {
        super(name, usage, help, line, cell);
    }

    /** The call's arguments, checked; no side effects. May be null where that means "no arguments". */
    protected abstract A parse(MagicCall call) throws MagicUsageException;

    /** Runs with what {@link #parse} made of the call; as {@link Magic#run}. */
    protected abstract Object run(A args, MagicCall call, MagicContext context) throws Exception;

    @Override
    public final void check(MagicCall call) throws MagicUsageException {
        parse(call);
    }

    @Override
    public final Object run(MagicCall call, MagicContext context) throws Exception {
        return run(parse(call), call, context);
    }
}
