package javafutures.worker;

import javafutures.process.FrameWriter;
import javafutures.process.Frames;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The worker's {@code System.out} and {@code System.err}: what user code prints becomes OUTPUT frames tagged
 * with the task running at the time (the real stdout carries frames only). Text is buffered and sent when a
 * buffer fills, when the task ends (before its result, so output precedes it), and by a flusher thread about
 * every {@value #FLUSH_MS} ms, so a long task's progress shows while it runs. Thread-safe.
 */
final class TaskOutput {
    static final long FLUSH_MS = 50;
    private static final int CHUNK = 8192;

    private final FrameWriter writer;
    private final Buffer out = new Buffer(false);
    private final Buffer err = new Buffer(true);
    private volatile long task;

    TaskOutput(FrameWriter writer) {
        this.writer = writer;
    }

    void install() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Thread flusher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(FLUSH_MS);
                    flushAll(false);
                    writer.flush();
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    return; // the kernel is gone; the reader thread ends the worker
                }
            }
        }, "java-futures-worker-output");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Output written from now on belongs to {@code taskId}; what earlier tasks left is sent first. */
    void begin(long taskId) throws IOException {
        flushAll(true);
        task = taskId;
    }

    /** Sends everything buffered, complete characters only unless {@code all}. */
    void flushAll(boolean all) throws IOException {
        System.out.flush();
        System.err.flush();
        out.emit(all);
        err.emit(all);
    }

    private final class Buffer extends OutputStream {
        private final boolean stderr;
        private byte[] buf = new byte[256];
        private int len;
        private long owner;

        Buffer(boolean stderr) {
            this.stderr = stderr;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int n) throws IOException {
            for (; n > CHUNK; off += CHUNK, n -= CHUNK) write(b, off, CHUNK); // a huge print: frames of a chunk each
            long current = task;
            if (len > 0 && owner != current) emit(true);
            owner = current;
            if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
            System.arraycopy(b, off, buf, len, n);
            len += n;
            if (len >= CHUNK) emit(false);
        }

        synchronized void emit(boolean all) throws IOException {
            if (len == 0) return;
            int cut = all ? len : completeUtf8(buf, len);
            if (cut == 0) return;
            byte[] payload = new byte[cut + 1];
            payload[0] = (byte) (stderr ? 1 : 0);
            System.arraycopy(buf, 0, payload, 1, cut);
            System.arraycopy(buf, cut, buf, 0, len - cut);
            len -= cut;
            writer.write(Frames.OUTPUT, owner, payload);
        }
    }

    /** The length of the longest prefix of {@code b[0..len)} that ends on a character boundary. */
    static int completeUtf8(byte[] b, int len) {
        int i = len - 1;
        int back = 0;
        while (i >= 0 && back < 4 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) return len;
        int lead = b[i] & 0xff;
        int need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return len - i >= need ? len : i;
    }
}
