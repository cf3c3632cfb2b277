package javafutures.process;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list that serializes compactly when all its elements are Integers, Longs, Doubles or short
 * Strings (as raw values, not one object record each): java.io serialization of 100 boxed numbers costs
 * several times a Python pickle, and map chunks carry exactly such lists both ways. Other elements fall back
 * to ordinary per-element serialization. Thread-safe (immutable).
 */
public final class PackedList<E> extends AbstractList<E> implements RandomAccess, Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte MIXED = 0, INTS = 1, LONGS = 2, DOUBLES = 3, STRINGS = 4;

    private transient Object[] items;

    public PackedList(List<? extends E> items) {
        this.items = items.toArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    private byte kind() {
        if (items.length == 0) return MIXED;
        Class<?> c = items[0] == null ? null : items[0].getClass();
        if (c != Integer.class && c != Long.class && c != Double.class && c != String.class) return MIXED;
        for (Object o : items) {
            if (o == null || o.getClass() != c) return MIXED;
            if (c == String.class && ((String) o).length() > 8192) return MIXED; // writeUTF's 64 KiB limit
        }
        return c == Integer.class ? INTS : c == Long.class ? LONGS : c == Double.class ? DOUBLES : STRINGS;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        byte kind = kind();
        out.writeByte(kind);
        out.writeInt(items.length);
        for (Object o : items) {
            switch (kind) {
                case INTS -> out.writeInt((Integer) o);
                case LONGS -> out.writeLong((Long) o);
                case DOUBLES -> out.writeDouble((Double) o);
                case STRINGS -> out.writeUTF((String) o);
                default -> out.writeObject(o);
            }
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        byte kind = in.readByte();
        int n = in.readInt();
        if (n < 0 || n > SerialLimits.MAX_ARRAY) throw new InvalidObjectException("bad list size " + n);
        List<Object> read = new ArrayList<>(Math.min(n, 4096)); // grows with real data, not the claimed size
        for (int i = 0; i < n; i++) {
            read.add(switch (kind) {
                case INTS -> in.readInt();
                case LONGS -> in.readLong();
                case DOUBLES -> in.readDouble();
                case STRINGS -> in.readUTF();
                case MIXED -> in.readObject();
                default -> throw new InvalidObjectException("bad list kind " + kind);
            });
        }
        items = read.toArray();
    }
}
