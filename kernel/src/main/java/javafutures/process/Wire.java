package javafutures.process;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Small encoding helpers shared by kernel and worker: strings of any length, unlike writeUTF. */
public final class Wire {
    private Wire() {
    }

    public static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        if (n > in.available()) throw new IOException("string length " + n + " exceeds the frame");
        byte[] b = in.readNBytes(n);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A growable buffer whose array can be framed without a copy. */
    public static final class Buffer extends ByteArrayOutputStream {
        public Buffer(int size) {
            super(size);
        }

        public byte[] array() {
            return buf;
        }

        /** Overwrites 8 bytes at {@code pos} with {@code v}, big-endian. */
        public void putLong(int pos, long v) {
            for (int i = 7; i >= 0; i--) {
                buf[pos + i] = (byte) v;
                v >>>= 8;
            }
        }
    }
}
