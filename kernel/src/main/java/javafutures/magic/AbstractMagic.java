package javafutures.magic;

/** Name, usage and help as fields, and argument checks that magics share. */
public abstract class AbstractMagic implements Magic {
    private final String name;
    private final String usage;
    private final String help;
    private final boolean line;
    private final boolean cell;

    protected AbstractMagic(String name, String usage, String help, boolean line, boolean cell) {
        this.name = name;
        this.usage = usage;
        this.help = help;
        this.line = line;
        this.cell = cell;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String usage() {
        return usage;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public boolean supportsLine() {
        return line;
    }

    @Override
    public boolean supportsCell() {
        return cell;
    }

    /** A usage error that names this magic and shows how to call it. */
    protected MagicUsageException usageError(String what) {
        return new MagicUsageException("%" + name + ": " + what + "\nusage: " + usage);
    }

    protected void noArguments(MagicCall call) throws MagicUsageException {
        if (!call.args().isEmpty()) throw usageError("takes no arguments, got '" + call.rawArgs() + "'");
    }
}
