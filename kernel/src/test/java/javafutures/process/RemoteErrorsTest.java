package javafutures.process;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RemoteErrorsTest {
    /** An exception that cannot cross by serialization: it holds a thread. */
    static final class Unshippable extends RuntimeException {
        final transient Object ok = null;
        final Thread holds = Thread.currentThread();

        Unshippable() {
            super("cannot cross");
        }
    }

    @Test
    void anExceptionThatCannotCrossKeepsItsTextAndFrames() throws Exception {
        Unshippable original = new Unshippable();
        Wire.Buffer out = new Wire.Buffer(256);
        RemoteErrors.encode(original, out);
        Throwable back = RemoteErrors.decode(out.toByteArray(), 0, getClass().getClassLoader());
        RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, back);
        assertEquals(Unshippable.class.getName(), remote.remoteType());
        assertEquals("cannot cross", remote.getMessage());
        assertArrayEquals(original.getStackTrace(), remote.getStackTrace(), "the worker's frames, for tracebacks by cell");
        assertTrue(remote.remoteStackTrace().contains("anExceptionThatCannotCrossKeepsItsTextAndFrames"));
    }

    @Test
    void aSerializableExceptionComesBackAsItself() throws Exception {
        IllegalStateException original = new IllegalStateException("plain");
        Wire.Buffer out = new Wire.Buffer(256);
        RemoteErrors.encode(original, out);
        Throwable back = RemoteErrors.decode(out.toByteArray(), 0, getClass().getClassLoader());
        assertInstanceOf(IllegalStateException.class, back);
        assertArrayEquals(original.getStackTrace(), back.getStackTrace());
    }
}
