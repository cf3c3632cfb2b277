package javafutures.process;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Plain results travel without java.io and come back equal and of the same type; other values still use java.io. */
class PlainValuesTest {
    private static Object roundTrip(Object value) throws Exception {
        Wire.Buffer buf = new Wire.Buffer(16);
        buf.write(new byte[8], 0, 8); // the RESULT payload's run time comes first
        assertTrue(PlainValues.write(value, buf), "plain: " + value);
        byte[] bytes = Arrays.copyOf(buf.array(), buf.size());
        assertTrue(PlainValues.isPlain(bytes, 8));
        return TaskCodec.decodeValue(bytes, 8, getLoader());
    }

    private static ClassLoader getLoader() {
        return PlainValuesTest.class.getClassLoader();
    }

    @Test
    void everyPlainTypeComesBackEqualAndOfItsType() throws Exception {
        List<Object> values = Arrays.asList(null, 42, -7L, 0.25, Double.NaN, true, false, "", "héllo ✓ 𝄞", 1.5f,
                (short) -3, (byte) 9, 'x', Integer.MIN_VALUE, Long.MAX_VALUE);
        for (Object v : values) {
            Object back = roundTrip(v);
            assertEquals(v, back);
            if (v != null) assertEquals(v.getClass(), back.getClass());
        }
    }

    @Test
    void otherValuesAreNotPlainAndJavaIoStreamsAreRecognised() throws Exception {
        Wire.Buffer buf = new Wire.Buffer(16);
        assertFalse(PlainValues.write(List.of(1), buf));
        assertFalse(PlainValues.write(new int[]{1}, buf));
        assertEquals(0, buf.size(), "nothing written for a value that is not plain");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(bos)) {
            oos.writeObject(List.of(1, "a"));
        }
        byte[] stream = bos.toByteArray();
        assertFalse(PlainValues.isPlain(stream, 0));
        assertEquals(List.of(1, "a"), TaskCodec.decodeValue(stream, 0, getLoader()));
    }

    @Test
    void truncatedValuesFailClearly() {
        byte[] cut = {2, 0, 0}; // an int with one byte of four
        assertThrows(java.io.IOException.class, () -> PlainValues.read(cut, 0));
        byte[] badLength = {6, 0, 0, 0, 9, 'a'};
        assertThrows(java.io.IOException.class, () -> PlainValues.read(badLength, 0));
    }
}
