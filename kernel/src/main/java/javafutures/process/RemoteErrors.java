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
 * serialized exception when it serializes, then its stack frames one by one. The kernel rebuilds the
 * original when it can, and a {@link RemoteTaskException} with the same text and frames when it cannot
 * (the frames name snippet classes, which a failed cell's traceback shows by cell and line). Stateless,
 * thread-safe.
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
        StackTraceElement[] frames = safeFrames(t);
        data.writeInt(frames.length);
        for (StackTraceElement f : frames) {
            Wire.writeString(data, f.getClassLoaderName());
            Wire.writeString(data, f.getModuleName());
            Wire.writeString(data, f.getModuleVersion());
            Wire.writeString(data, f.getClassName());
            Wire.writeString(data, f.getMethodName());
            Wire.writeString(data, f.getFileName());
            data.writeInt(f.getLineNumber());
        }
        data.flush();
    }

    private static StackTraceElement[] safeFrames(Throwable t) {
        try {
            return t.getStackTrace();
        } catch (RuntimeException e) {
            return new StackTraceElement[0];
        }
    }

    /** Rebuilds the exception encoded at {@code payload[off..]}, resolving classes through {@code loader}. */
    public static Throwable decode(byte[] payload, int off, ClassLoader loader) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, off, payload.length - off));
            String type = Wire.readString(in);
            String message = Wire.readString(in);
            String stack = Wire.readString(in);
            int n = in.readInt();
            byte[] serialized = in.readNBytes(n);
            if (n > 0) {
                try (LoaderObjectInputStream ois = new LoaderObjectInputStream(new ByteArrayInputStream(serialized), loader, n)) {
                    Object o = ois.readObject();
                    if (o instanceof Throwable t) return t;
                } catch (Exception | LinkageError e) {
                    // fall through: the text and the frames are all that can cross
                }
            }
            RemoteTaskException remote = new RemoteTaskException(type, message, stack);
            if (in.available() >= 4) {
                StackTraceElement[] frames = new StackTraceElement[in.readInt()];
                for (int i = 0; i < frames.length; i++) {
                    String loaderName = Wire.readString(in);
                    String module = Wire.readString(in);
                    String moduleVersion = Wire.readString(in);
                    String cls = Wire.readString(in);
                    String method = Wire.readString(in);
                    String file = Wire.readString(in);
                    frames[i] = new StackTraceElement(loaderName, module, moduleVersion, cls == null ? "?" : cls,
                            method == null ? "?" : method, file, in.readInt());
                }
                remote.setStackTrace(frames);
            }
            return remote;
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
