package javafutures.process;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames to one stream, buffered: nothing is sent before {@link #flush()}. Thread-safe; each frame is
 * written whole. Writing blocks when the pipe is full.
 */
public final class FrameWriter implements AutoCloseable {
    private final DataOutputStream out;
    private final int maxPayload;

    public FrameWriter(OutputStream out, int maxPayload) {
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        this.maxPayload = maxPayload;
    }

    public void write(byte type, long id, byte[] payload) throws IOException {
        write(type, id, payload, 0, payload.length);
    }

    /** @throws FrameTooLargeException if the payload exceeds the limit; nothing is written then */
    public synchronized void write(byte type, long id, byte[] payload, int off, int len) throws IOException {
        if (len > maxPayload) throw new FrameTooLargeException(len, maxPayload);
        out.writeInt(len + Frames.HEADER_BYTES);
        out.writeByte(Frames.MAGIC);
        out.writeByte(type);
        out.writeLong(id);
        out.write(payload, off, len);
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** A payload over the frame limit: the task or value is too large to send; the stream is intact. */
    public static final class FrameTooLargeException extends IOException {
        public FrameTooLargeException(long size, int limit) {
            super("payload of " + size + " bytes exceeds the frame limit of " + limit + " bytes");
        }
    }
}
