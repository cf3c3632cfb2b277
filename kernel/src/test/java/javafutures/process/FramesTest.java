package javafutures.process;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class FramesTest {
    private static byte[] frames(int maxPayload, Frame... fs) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (FrameWriter w = new FrameWriter(bos, maxPayload)) {
            for (Frame f : fs) w.write(f.type(), f.id(), f.payload());
        }
        return bos.toByteArray();
    }

    private static FrameReader reader(byte[] bytes, int max) {
        return new FrameReader(new ByteArrayInputStream(bytes), max, Frames::kernelToWorker);
    }

    @Test
    void roundTripsFramesAndEndsCleanly() throws Exception {
        byte[] big = new byte[100_000];
        big[99_999] = 9;
        FrameReader r = reader(frames(1 << 20, new Frame(Frames.TASK, 42, big), new Frame(Frames.CANCEL, -1, new byte[0])), 1 << 20);
        Frame a = r.read();
        assertEquals(Frames.TASK, a.type());
        assertEquals(42, a.id());
        assertArrayEquals(big, a.payload());
        Frame b = r.read();
        assertEquals(Frames.CANCEL, b.type());
        assertEquals(-1, b.id());
        assertNull(r.read());
    }

    @Test
    void oversizedFrameIsRejectedWithoutAllocatingIt() throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        new DataOutputStream(bos).writeInt(Integer.MAX_VALUE);
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> reader(bos.toByteArray(), 1024).read());
        assertTrue(e.getMessage().contains("bad frame length"), e.getMessage());
        assertThrows(FrameWriter.FrameTooLargeException.class,
                () -> frames(10, new Frame(Frames.TASK, 1, new byte[11])));
    }

    @Test
    void strayTextIsRejectedAndShownAsText() {
        byte[] text = "[0.003s][info][gc] Using Serial\n".getBytes(StandardCharsets.UTF_8);
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> reader(text, 1 << 20).read());
        assertTrue(e.getMessage().contains("[0.003s][info]"), e.getMessage());
    }

    @Test
    void badMagicUnknownTypeAndTruncationAreRejected() throws Exception {
        byte[] ok = frames(100, new Frame(Frames.TASK, 1, new byte[5]));
        byte[] badMagic = ok.clone();
        badMagic[4] = 0;
        assertTrue(assertThrows(FrameFormatException.class, () -> reader(badMagic, 100).read())
                .getMessage().contains("magic"));
        byte[] wrongDirection = frames(100, new Frame(Frames.RESULT, 1, new byte[5]));
        assertTrue(assertThrows(FrameFormatException.class, () -> reader(wrongDirection, 100).read())
                .getMessage().contains("unexpected frame RESULT"));
        byte[] unknown = ok.clone();
        unknown[5] = 99;
        assertThrows(FrameFormatException.class, () -> reader(unknown, 100).read());
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 2);
        assertTrue(assertThrows(FrameFormatException.class, () -> reader(cut, 100).read())
                .getMessage().contains("ended inside"));
    }

    /** A frame over the writer's limit is refused whole: the frames before and after it arrive intact. */
    @Test
    void aRefusedFrameLeavesTheStreamIntact() throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (FrameWriter w = new FrameWriter(bos, 100)) {
            w.write(Frames.CLASSES, 1, new byte[100]);
            FrameWriter.FrameTooLargeException e = assertThrows(FrameWriter.FrameTooLargeException.class,
                    () -> w.write(Frames.TASK, 2, new byte[101]));
            assertTrue(e.getMessage().contains("101 bytes") && e.getMessage().contains("100 bytes"), e.getMessage());
            w.write(Frames.TASK, 3, new byte[]{7});
        }
        FrameReader r = reader(bos.toByteArray(), 100);
        assertEquals(1, r.read().id());
        Frame next = r.read();
        assertEquals(3, next.id());
        assertArrayEquals(new byte[]{7}, next.payload());
        assertNull(r.read());
    }

    /** A reader takes frames up to the largest size a frame can have, and no larger. */
    @Test
    void readersAcceptFramesUpToTheLargestPayload() throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bos);
        d.writeInt(Frames.MAX_PAYLOAD + Frames.HEADER_BYTES + 1);
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> reader(bos.toByteArray(), Frames.MAX_PAYLOAD).read());
        assertTrue(e.getMessage().contains("bad frame length"), e.getMessage());
        byte[] ok = frames(1 << 20, new Frame(Frames.TASK, 9, new byte[70]));
        assertEquals(9, reader(ok, Frames.MAX_PAYLOAD).read().id());
    }
}
