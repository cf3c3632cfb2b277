package javafutures.worker;

import javafutures.eval.SnippetClasses.ClassVersion;
import javafutures.process.ClassSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The worker's notebook class loaders: sets learnt from CLASSES payloads, forgotten by FORGET payloads. Bytes
 * stay while a known set names them, a defined class keeps its identity (and static state) when its set is
 * forgotten, and generations no set uses go, except the newest.
 */
class SnippetLoadersTest {
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A class {@code REPL.$JShell$lN} with {@code static int value()} returning {@code value}. */
    private static ClassVersion cls(String name, int value) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Object", null);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "value", "()I", null, null);
        m.visitCode();
        m.visitLdcInsn(value);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        byte[] b = cw.toByteArray();
        return new ClassVersion(name, b, name + "#" + value);
    }

    private static String name() {
        return "REPL.$JShell$l" + NEXT.incrementAndGet();
    }

    private static byte[] all(ClassVersion... vs) throws IOException {
        return ClassSet.of(List.of(vs)).encode(h -> false);
    }

    private static byte[] held(Set<String> heldHashes, ClassVersion... vs) throws IOException {
        return ClassSet.of(List.of(vs)).encode(heldHashes::contains);
    }

    private static byte[] forget(long... ids) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(ids.length);
        for (long id : ids) out.writeLong(id);
        return b.toByteArray();
    }

    private static int value(ClassLoader l, String name) throws Exception {
        return (int) Class.forName(name, true, l).getMethod("value").invoke(null);
    }

    @Test
    void forgettingASetDropsTheBytesNoOtherKnownSetNames() throws Exception {
        SnippetLoaders loaders = new SnippetLoaders(getClass().getClassLoader());
        ClassVersion a = cls(name(), 1), b = cls(name(), 2), h = cls(name(), 3);
        loaders.define(1, all(a, h));
        loaders.define(2, held(Set.of(h.hash()), b, h));
        assertEquals(3, loaders.heldClasses());
        loaders.forget(forget(1));
        assertEquals(2, loaders.heldClasses(), "H stays: set 2 names it");
        assertEquals(1, loaders.knownSets());
        assertThrows(IllegalStateException.class, () -> loaders.forVersion(1));
        assertEquals(3, value(loaders.forVersion(2), h.name()), "defined now, from the bytes kept");
        assertThrows(ClassNotFoundException.class, () -> Class.forName(a.name(), true, loaders.forVersion(2)),
                "A was never defined and no known set names it: it left the generation");
        loaders.forget(forget(2, 99)); // an id it does not know is ignored
        assertEquals(0, loaders.heldClasses());
        assertEquals(0, loaders.knownSets());
        IOException e = assertThrows(IOException.class, () -> loaders.define(3, held(Set.of(a.hash()), a)));
        assertTrue(e.getMessage().contains("never received"), e.getMessage());
    }

    @Test
    void aDefinedClassKeepsItsIdentityWhenItsSetIsForgottenAndSentAgain() throws Exception {
        SnippetLoaders loaders = new SnippetLoaders(getClass().getClassLoader());
        ClassVersion a = cls(name(), 7);
        loaders.define(1, all(a));
        Class<?> first = Class.forName(a.name(), true, loaders.forVersion(1));
        loaders.forget(forget(1));
        assertEquals(0, loaders.heldClasses());
        loaders.define(2, all(a)); // the kernel sends the bytes again: it forgot them too
        assertSame(first, Class.forName(a.name(), true, loaders.forVersion(2)), "same class, same static state");
        assertEquals(1, loaders.generationCount());
    }

    @Test
    void olderGenerationsNoKnownSetUsesAreDroppedButNeverTheNewest() throws Exception {
        SnippetLoaders loaders = new SnippetLoaders(getClass().getClassLoader());
        String n = name();
        ClassVersion v1 = cls(n, 1), v2 = cls(n, 2);
        loaders.define(1, all(v1));
        loaders.define(2, all(v2)); // the same name at another version: a generation of its own
        assertEquals(2, loaders.generationCount());
        assertEquals(1, value(loaders.forVersion(1), n));
        assertEquals(2, value(loaders.forVersion(2), n));
        loaders.forget(forget(1));
        assertEquals(1, loaders.generationCount());
        assertEquals(2, value(loaders.forVersion(2), n));
        loaders.forget(forget(2));
        assertEquals(1, loaders.generationCount(), "the newest generation stays, with its classes' state");
        loaders.define(3, all(v1)); // an old version named again: a new generation, its class defined afresh
        assertEquals(1, value(loaders.forVersion(3), n));
    }

    @Test
    void aSetLearntAgainUnderItsIdReplacesItself() throws Exception {
        SnippetLoaders loaders = new SnippetLoaders(getClass().getClassLoader());
        ClassVersion a = cls(name(), 1), b = cls(name(), 2);
        loaders.define(1, all(a, b));
        loaders.define(1, held(Set.of(a.hash(), b.hash()), a, b));
        assertEquals(1, loaders.knownSets());
        loaders.forget(forget(1));
        assertEquals(0, loaders.heldClasses(), "counted once, not twice");
    }

    @Test
    void aMalformedForgetIsRefused() {
        SnippetLoaders loaders = new SnippetLoaders(getClass().getClassLoader());
        assertThrows(IOException.class, () -> loaders.forget(new byte[]{0, 0, 0, 5, 1}));
        assertThrows(IOException.class, () -> loaders.forget(new byte[]{(byte) 0xff, 0, 0, 0}));
        assertThrows(IOException.class, () -> loaders.forget(new byte[2]));
    }
}
