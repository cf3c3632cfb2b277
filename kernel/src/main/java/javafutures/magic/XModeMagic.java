package javafutures.magic;

import javafutures.eval.Tracebacks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code %xmode [plain|verbose|minimal]}: how much of a stack trace failed cells show, as in IPython. */
public final class XModeMagic extends ArgsMagic<Tracebacks.Mode> {
    public XModeMagic() {
        super("xmode", "%xmode [plain|verbose|minimal]",
                "Sets how failed cells show exceptions, for the whole kernel; with no argument, says which mode is on. "
                        + "plain (the default): frames of notebook code as cell and line (cell [5], line 3), JDK frames "
                        + "between them, the kernel's own frames hidden. verbose: every frame, the kernel's, reflection's "
                        + "and JShell's included, with each snippet frame's JShell name. minimal: only the exceptions' "
                        + "types and messages.", true, false);
    }

    /** Null for a plain {@code %xmode}, which only says which mode is on. */
    @Override
    protected Tracebacks.Mode parse(MagicCall call) throws MagicUsageException {
        if (call.args().isEmpty()) return null;
        if (call.args().size() > 1) throw usageError("takes one mode, got '" + call.rawArgs() + "'");
        String want = call.args().get(0).toUpperCase(Locale.ROOT);
        for (Tracebacks.Mode m : Tracebacks.Mode.values()) {
            if (m.name().equals(want)) return m;
        }
        throw usageError("no mode '" + call.args().get(0) + "'; the modes are "
                + Arrays.stream(Tracebacks.Mode.values()).map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    @Override
    protected Object run(Tracebacks.Mode m, MagicCall call, MagicContext context) {
        if (m != null) Tracebacks.setMode(m);
        System.out.println("Exception reporting mode: " + Tracebacks.mode().displayName());
        return null;
    }
}
