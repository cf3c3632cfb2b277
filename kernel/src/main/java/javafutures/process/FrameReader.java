package javafutures.process;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * Reads frames from one stream. Not thread-safe: one reader thread per stream. {@link #read()} blocks until
 * a whole frame has arrived.
 */
public final class FrameReader {
    private final Buffered buffered;
    private final DataInputStream in;
    private final int maxPayload;
    private final Predicate<Byte> accepted;

    /**
     * @param accepted the frame types this side may receive ({@link Frames#kernelToWorker} or
     *                 {@link Frames#workerToKernel}); anything else is a format error
     */
    public FrameReader(InputStream in, int maxPayload, Predicate<Byte> accepted) {
        this.buffered = new Buffered(in);
        this.in = new DataInputStream(buffered);
        this.maxPayload = maxPayload;
        this.accepted = accepted;
    }

    /**
     * The next frame, or null at a clean end of stream (between frames).
     *
     * @throws FrameFormatException if the bytes are not a frame this side accepts; the payload of an
     *                              oversized frame is never allocated
     */
    public Frame read() throws IOException {
        int b0 = in.read();
        if (b0 < 0) return null;
        byte[] rest = new byte[3];
        try {
            in.readFully(rest);
            int length = (b0 << 24) | ((rest[0] & 0xff) << 16) | ((rest[1] & 0xff) << 8) | (rest[2] & 0xff);
            if (length < Frames.HEADER_BYTES || length - Frames.HEADER_BYTES > maxPayload) {
                throw new FrameFormatException("bad frame length " + length + " (payload limit " + maxPayload
                        + " bytes); the stream starts with " + preview(b0, rest));
            }
            byte magic = in.readByte();
            if (magic != Frames.MAGIC) {
                throw new FrameFormatException("bad frame magic 0x" + Integer.toHexString(magic & 0xff)
                        + "; the stream starts with " + preview(b0, rest));
            }
            byte type = in.readByte();
            if (!accepted.test(type)) {
                throw new FrameFormatException("unexpected frame " + Frames.typeName(type));
            }
            long id = in.readLong();
            byte[] payload = new byte[length - Frames.HEADER_BYTES];
            in.readFully(payload);
            return new Frame(type, id, payload);
        } catch (EOFException e) {
            throw new FrameFormatException("stream ended inside a frame");
        }
    }

    /**
     * True if bytes of a next frame have already been read from the stream (no system call, never blocks):
     * a caller handling frames can act once for all the frames that arrived together.
     */
    public boolean hasBuffered() {
        return buffered.buffered() > 0;
    }

    private static final class Buffered extends BufferedInputStream {
        Buffered(InputStream in) {
            super(in, 1 << 16);
        }

        synchronized int buffered() {
            return count - pos;
        }
    }

    /** Shows what was read as text, so stray prints to the pipe are easy to recognise in the error. */
    private String preview(int b0, byte[] rest) throws IOException {
        StringBuilder sb = new StringBuilder("\"");
        appendPrintable(sb, b0);
        for (byte b : rest) appendPrintable(sb, b & 0xff);
        int more = Math.min(in.available(), 60);
        for (int i = 0; i < more; i++) appendPrintable(sb, in.read());
        return sb.append('"').toString();
    }

    private static void appendPrintable(StringBuilder sb, int b) {
        if (b >= 0x20 && b < 0x7f) sb.append((char) b);
        else sb.append(String.format("\\x%02x", b));
    }
}
