package javafutures.eval;

/** Runs cells in a test's {@link JShellEvaluator} as the kernel would, for tests of every package. */
public final class Cells {
    private Cells() {
    }

    /** The value of {@code code}'s last snippet (null for none); a failing cell fails the test, naming it. */
    public static Object value(JShellEvaluator jshell, String code) {
        try {
            JShellEvaluator.Value v = jshell.eval(code);
            return v == null ? null : v.value();
        } catch (CellError e) {
            throw new AssertionError(code + " failed: " + e.ename() + ": " + e.evalue(), e);
        }
    }
}
