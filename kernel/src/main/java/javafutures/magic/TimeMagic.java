package javafutures.magic;

import javafutures.eval.JShellEvaluator;

/** {@code %time STATEMENT} and {@code %%time}: runs code once and prints its wall-clock time. */
public final class TimeMagic extends AbstractMagic {
    public TimeMagic() {
        super("time", "%time STATEMENT  |  %%time (cell body)",
                "Runs the statement (or the cell body) once, then prints how long it took, wall clock. "
                        + "The value of a final expression is the cell's result.", true, true);
    }

    @Override
    public void check(MagicCall call) throws MagicUsageException {
        if (!call.isCellMagic() && call.rawArgs().isBlank()) throw usageError("needs a statement to time");
    }

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        // A cell magic's body starts on the line after the magic's: keep its line numbers the cell's.
        String code = call.isCellMagic() ? "\n" + call.body() : call.rawArgs();
        long t0 = System.nanoTime();
        JShellEvaluator.Value v;
        try {
            v = context.eval(code);
        } finally {
            System.out.println("Wall time: " + format(System.nanoTime() - t0));
        }
        return v != null && v.quiet() ? null : v; // a trailing ';' hides the value, as for any cell
    }

    static String format(long nanos) {
        if (nanos < 1_000_000) return String.format("%.1f µs", nanos / 1e3);
        if (nanos < 1_000_000_000) return String.format("%.1f ms", nanos / 1e6);
        return String.format("%.2f s", nanos / 1e9);
    }
}
