package javafutures.eval;

/**
 * A test class's own JShell, run as the kernel runs it, with the pools its cells use: {@link #open} runs a
 * setup cell (declaring the pools), {@link #close} a teardown cell (shutting them down) and then closes
 * JShell, also when the teardown fails. Made in {@code @BeforeAll}, closed in {@code @AfterAll}; used from the
 * test thread only.
 */
public final class CellSession implements AutoCloseable {
    private final JShellEvaluator jshell = new JShellEvaluator();
    private final String teardown;

    private CellSession(String teardown) {
        this.teardown = teardown;
    }

    /** A new JShell that has run {@code setup}; {@code teardown} runs on {@link #close}. */
    public static CellSession open(String setup, String teardown) {
        CellSession s = new CellSession(teardown);
        try {
            s.eval(setup);
        } catch (RuntimeException | Error e) {
            s.jshell.close();
            throw e;
        }
        return s;
    }

    /** The value of {@code code}'s last snippet (see {@link Cells#value}); a failing cell fails the test. */
    public Object eval(String code) {
        return Cells.value(jshell, code);
    }

    public JShellEvaluator jshell() {
        return jshell;
    }

    @Override
    public void close() {
        try {
            eval(teardown);
        } finally {
            jshell.close();
        }
    }
}
