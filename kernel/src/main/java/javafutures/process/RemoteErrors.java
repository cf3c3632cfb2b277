package javafutures.process;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How an exception crosses from worker to kernel: type name, message and stack text always, plus the
 * serialized exception when it serializes. The kernel rebuilds the original when it can, and a
 * {@link RemoteTaskException} with the same text when it cannot. Stateless, thread-safe.
 */
public final class RemoteErrors {
    private RemoteErrors() {
    }

    /** Appends the encoding of {@code t} to {@code out}. Never throws for an unserializable {@code t}. */
    public static void encode(Throwable t, Wire.Buffer out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        Wire.writeString(data, t.getClass().getName());
        Wire.writeString(data, safeMessage(t));
        Wire.writeString(data, stackText(t));
        Wire.Buffer ser = new Wire.Buffer(512);
        try (ObjectOutputStream oos = new ObjectOutputStream(ser)) {
            oos.writeObject(t);
        } catch (IOException | RuntimeException e) {
            ser.reset();
        }
        data.writeInt(ser.size());
        ser.writeTo(data);
        data.flush();
    }

    /** Rebuilds the exception encoded at {@code payload[off..]}, resolving classes through {@code loader}. */
    public static Throwable decode(byte[] payload, int off, ClassLoader loader) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, off, payload.length - off));
            String type = Wire.readString(in);
            String message = Wire.readString(in);
            String stack = Wire.readString(in);
            int n = in.readInt();
            if (n > 0) {
                try (LoaderObjectInputStream ois = new LoaderObjectInputStream(in, loader, n)) {
                    Object o = ois.readObject();
                    if (o instanceof Throwable t) return t;
                } catch (Exception | LinkageError e) {
                    // fall through: the text is all that can cross
                }
            }
            return new RemoteTaskException(type, message, stack);
        } catch (IOException e) {
            return new RemoteTaskException("unknown", "undecodable error from worker: " + e.getMessage(), "");
        }
    }

    static String stackText(Throwable t) {
        StringWriter sw = new StringWriter();
        try {
            t.printStackTrace(new PrintWriter(sw));
        } catch (RuntimeException e) {
            return t.getClass().getName();
        }
        return sw.toString();
    }

    private static String safeMessage(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
