package javafutures.cluster;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A member's {@code System.out} and {@code System.err}: what a task's thread prints is kept (up to
 * {@link #LIMIT} bytes a stream) and goes back with the task's reply, to appear under the cell that
 * submitted it; anything else (Hazelcast, threads a task started) goes to the member's own streams.
 * Thread-safe: each task thread has its own buffers.
 */
final class CapturedOutput {
    static final int LIMIT = 1 << 20;
    private static final ThreadLocal<ByteArrayOutputStream[]> CURRENT = new ThreadLocal<>();
    private static volatile boolean installed;

    private CapturedOutput() {
    }

    static synchronized void install() {
        if (installed) return;
        System.setOut(new PrintStream(new Routing(System.out, 0), true));
        System.setErr(new PrintStream(new Routing(System.err, 1), true));
        installed = true;
    }

    /** Starts keeping what this thread prints. */
    static void begin() {
        CURRENT.set(new ByteArrayOutputStream[]{new ByteArrayOutputStream(), new ByteArrayOutputStream()});
    }

    /** Stops keeping; returns {stdout, stderr} as text (null where nothing was printed). */
    static String[] end() {
        System.out.flush();
        System.err.flush();
        ByteArrayOutputStream[] b = CURRENT.get();
        CURRENT.remove();
        if (b == null) return new String[2];
        Charset cs = Charset.defaultCharset();
        return new String[]{b[0].size() == 0 ? null : b[0].toString(cs), b[1].size() == 0 ? null : b[1].toString(cs)};
    }

    private static final class Routing extends OutputStream {
        private final OutputStream fallback;
        private final int index;

        Routing(OutputStream fallback, int index) {
            this.fallback = fallback;
            this.index = index;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int off, int len) {
            ByteArrayOutputStream[] b = CURRENT.get();
            if (b == null) {
                try {
                    fallback.write(bytes, off, len);
                } catch (java.io.IOException e) {
                    // the member's own stream is gone; nothing to report to
                }
                return;
            }
            ByteArrayOutputStream buf = b[index];
            int room = LIMIT - buf.size();
            if (room > 0) buf.write(bytes, off, Math.min(room, len));
        }

        @Override
        public void flush() throws java.io.IOException {
            fallback.flush();
        }
    }
}
