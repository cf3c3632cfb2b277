package javafutures.process;

import javafutures.eval.SnippetClasses.ClassVersion;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The kernel's record of what one worker holds: bytes go once while the worker holds them, sets are forgotten
 * once no task can name them, and bytes another known set still names stay held (not sent again).
 */
class WorkerClassesTest {
    private static ClassVersion v(String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8); // stand-in bytes: never defined here
        return new ClassVersion(name, bytes, "h-" + name + "-" + System.nanoTime());
    }

    /** Names of the classes whose bytes a CLASSES payload carries. */
    private static List<String> withBytes(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        List<String> names = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            String name = Wire.readString(in);
            Wire.readString(in);
            int len = in.readInt();
            if (len >= 0) {
                in.readNBytes(len);
                names.add(name);
            }
        }
        return names;
    }

    private static List<Long> forgotten(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        List<Long> ids = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) ids.add(in.readLong());
        return ids;
    }

    @Test
    void bytesGoOnceAndStayHeldWhileAKnownSetNamesThem() throws IOException {
        ClassVersion a = v("A"), b = v("B"), h = v("H");
        ClassSet sa = ClassSet.of(List.of(a, h)), sb = ClassSet.of(List.of(b, h));
        WorkerClasses w = new WorkerClasses();
        assertEquals(List.of("A", "H"), withBytes(w.learn(sa)));
        assertNull(w.learn(sa), "a known set is not sent again");
        assertEquals(List.of("B"), withBytes(w.learn(sb)), "H is held already");
        assertNull(w.learn(ClassSet.EMPTY));
        assertEquals(2, w.knownSets());
        assertEquals(3, w.heldClasses());

        assertNull(w.forget(id -> true), "nothing to forget");
        assertEquals(List.of(sa.id()), forgotten(w.forget(id -> id != sa.id())));
        assertEquals(1, w.knownSets());
        assertEquals(2, w.heldClasses(), "H stays: B's set names it");

        ClassSet sc = ClassSet.of(List.of(v("C"), h));
        assertEquals(List.of("C"), withBytes(w.learn(sc)), "H is still held, not sent again");
        assertEquals(Set.of(sb.id(), sc.id()), Set.copyOf(forgotten(w.forget(id -> false))));
        assertEquals(0, w.knownSets());
        assertEquals(0, w.heldClasses());
        ClassSet sa2 = ClassSet.of(List.of(a, h));
        assertSame(sa, sa2, "still interned here: the test holds it");
        assertEquals(List.of("A", "H"), withBytes(w.learn(sa2)), "forgotten bytes are sent again");
    }

    @Test
    void forgetFramesAreSentOnlyForCollectedSets() throws Exception {
        WorkerClasses w = new WorkerClasses();
        ClassSet kept = ClassSet.of(List.of(v("K")));
        ClassSet dropped = ClassSet.of(List.of(v("D")));
        long droppedId = dropped.id();
        w.learn(kept);
        w.learn(dropped);
        w.forgetCollected(); // takes note of the count so far
        var ref = new java.lang.ref.WeakReference<>(dropped);
        dropped = null;
        ScanCachesTest.awaitCollected(ref);
        byte[] forget = null;
        for (int i = 0; i < 500 && forget == null; i++) {
            forget = w.forgetCollected();
            if (forget == null) Thread.sleep(10);
        }
        assertNotNull(forget, "the collected set is forgotten");
        assertEquals(List.of(droppedId), forgotten(forget));
        assertEquals(1, w.knownSets());
        assertNull(w.forgetCollected(), "nothing more died");
        assertTrue(ClassSet.isLive(kept.id()));
    }
}
