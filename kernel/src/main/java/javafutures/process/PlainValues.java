package javafutures.process;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The commonest task results (null, boxed primitives, strings) in a few bytes, without a java.io stream:
 * one tag byte, then the value. A java.io stream for an {@code Integer} costs a new stream on each side, two
 * class descriptors ({@code Integer}, {@code Number}) resolved through the task's class loader and checked by
 * the input filter, for every task; a trivial task's round trip is dominated by it.
 *
 * <p>A java.io stream starts with {@code 0xAC}, which is not a tag, so a reader tells the two apart by the
 * first byte ({@link #isPlain}). Stateless and thread-safe.
 */
public final class PlainValues {
    private static final byte NULL = 1, INT = 2, LONG = 3, DOUBLE = 4, BOOLEAN = 5, STRING = 6, FLOAT = 7,
            SHORT = 8, BYTE = 9, CHAR = 10;

    private PlainValues() {
    }

    /** Writes {@code value} if it is a plain value and returns true; writes nothing and returns false otherwise. */
    public static boolean write(Object value, OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        if (!writeWithStrings(value, d)) return false;
        d.flush();
        return true;
    }

    /** True if {@link #writeWithStrings} writes {@code value}: null, a boxed primitive or a string. */
    public static boolean isPlain(Object value) {
        return value == null || value instanceof String || value instanceof Number && isBoxed(value)
                || value instanceof Boolean || value instanceof Character;
    }

    private static boolean isBoxed(Object n) {
        return n instanceof Integer || n instanceof Long || n instanceof Double || n instanceof Float
                || n instanceof Short || n instanceof Byte;
    }

    /** Like {@link #write(Object, DataOutput)}, strings included; read back by {@link #read(DataInput, byte, int)}. */
    public static boolean writeWithStrings(Object value, DataOutput d) throws IOException {
        if (!(value instanceof String v)) return write(value, d);
        byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
        d.writeByte(STRING);
        d.writeInt(utf8.length);
        d.write(utf8);
        return true;
    }

    /**
     * Writes {@code value} if it is null or a boxed primitive and returns true; writes nothing and returns false
     * otherwise (strings too: a java.io stream writes them without a class descriptor already).
     */
    public static boolean write(Object value, DataOutput d) throws IOException {
        if (value == null) {
            d.writeByte(NULL);
        } else if (value instanceof Integer v) {
            d.writeByte(INT);
            d.writeInt(v);
        } else if (value instanceof Long v) {
            d.writeByte(LONG);
            d.writeLong(v);
        } else if (value instanceof Double v) {
            d.writeByte(DOUBLE);
            d.writeDouble(v);
        } else if (value instanceof Boolean v) {
            d.writeByte(BOOLEAN);
            d.writeBoolean(v);
        } else if (value instanceof Float v) {
            d.writeByte(FLOAT);
            d.writeFloat(v);
        } else if (value instanceof Short v) {
            d.writeByte(SHORT);
            d.writeShort(v);
        } else if (value instanceof Byte v) {
            d.writeByte(BYTE);
            d.writeByte(v);
        } else if (value instanceof Character v) {
            d.writeByte(CHAR);
            d.writeChar(v);
        } else {
            return false;
        }
        return true;
    }

    /** True if the bytes at {@code off} are a plain value rather than a java.io stream. */
    public static boolean isPlain(byte[] payload, int off) {
        return off < payload.length && isTag(payload[off]);
    }

    /** True for the first byte of a plain value. */
    public static boolean isTag(byte b) {
        return b >= NULL && b <= CHAR;
    }

    /** The plain value at {@code off}; see {@link #isPlain}. */
    public static Object read(byte[] payload, int off) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, off, payload.length - off));
        return read(in, in.readByte(), payload.length - off);
    }

    /**
     * The plain value whose tag was just read from {@code in}.
     *
     * @param maxString the longest string in bytes the input can hold (a bad length fails before allocating)
     */
    public static Object read(DataInput in, byte tag, int maxString) throws IOException {
        return switch (tag) {
            case NULL -> null;
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case STRING -> {
                int n = in.readInt();
                if (n < 0 || n > maxString) throw new IOException("bad string length " + n);
                byte[] utf8 = new byte[n];
                in.readFully(utf8);
                yield new String(utf8, StandardCharsets.UTF_8);
            }
            case FLOAT -> in.readFloat();
            case SHORT -> in.readShort();
            case BYTE -> in.readByte();
            case CHAR -> in.readChar();
            default -> throw new IOException("not a plain value: tag " + tag);
        };
    }
}
