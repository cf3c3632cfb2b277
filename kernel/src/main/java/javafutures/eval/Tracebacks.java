package javafutures.eval;

import java.util.Locale;

/**
 * How much of a stack trace a failed cell shows ({@code %xmode}), for the whole kernel. Thread-safe.
 */
public final class Tracebacks {
    /** The modes, named as IPython's {@code %xmode} names its own. */
    public enum Mode {
        /**
         * Frames of notebook code in cell terms ({@code cell [5], line 3}), JDK frames between them; the
         * kernel's hidden.
         */
        PLAIN,
        /** Every frame: the kernel's, reflection, JShell's wrappers, the pool's threads; snippet coordinates too. */
        VERBOSE,
        /** Only the exceptions' types and messages, causes included. */
        MINIMAL;

        public String displayName() {
            String n = name().toLowerCase(Locale.ROOT);
            return Character.toUpperCase(n.charAt(0)) + n.substring(1);
        }
    }

    private static volatile Mode mode = Mode.PLAIN;

    private Tracebacks() {
    }

    public static Mode mode() {
        return mode;
    }

    public static void setMode(Mode m) {
        mode = m;
    }
}
