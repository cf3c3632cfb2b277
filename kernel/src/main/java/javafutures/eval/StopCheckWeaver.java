package javafutures.eval;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Rewrites a snippet class so that its cell can be stopped: an {@code invokedynamic} stop check bound to
 * {@link CellStop}'s one call site (a no-op until a stop; see {@link CellStop}) at each method entry and
 * before each backward jump (every loop), and {@code System.exit}/{@code Runtime.exit} redirected to
 * {@link CellStop}. Frames stay valid: the inserted calls take and leave no operands.
 * Only the kernel's copy is rewritten; workers get the original bytes from {@link SnippetClasses}.
 */
final class StopCheckWeaver {
    private static final String STOP = "javafutures/eval/CellStop";
    private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, STOP, "bootstrap",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;",
            false);

    private StopCheckWeaver() {
    }

    /**
     * Weaves {@link Sample} into a throwaway class loader and runs it: loads ASM and the weaver (their class
     * files predate Java 6, so JDK 17's class-data cache cannot hold them) and links the stop check's call site
     * (method-handle classes spun at run time), which a notebook's first cell would otherwise pay for. Changes
     * nothing a cell could see; safe on any thread. Returns whether the woven sample ran.
     */
    static boolean warmUp() {
        String name = Sample.class.getName();
        try (var in = Sample.class.getResourceAsStream(name.substring(name.lastIndexOf('.') + 1) + ".class")) {
            if (in == null) return false;
            byte[] woven = weave(in.readAllBytes());
            Class<?> c = new ClassLoader(StopCheckWeaver.class.getClassLoader()) {
                Class<?> define() {
                    return defineClass(name, woven, 0, woven.length);
                }
            }.define();
            return c.getMethod("loop", int.class).invoke(null, 3).equals(Sample.loop(3));
        } catch (java.io.IOException | ReflectiveOperationException | LinkageError ignored) {
            return false; // only a warm-up
        }
    }

    /** What {@link #warmUp} weaves: a backward branch and a call, as snippets have. */
    public static final class Sample {
        private Sample() {
        }

        public static int loop(int n) {
            int sum = 0;
            for (int i = 0; i < n; i++) sum += Integer.hashCode(i);
            return sum;
        }
    }

    /** The instrumented bytes, or the input unchanged if ASM cannot read this class file version. */
    static byte[] weave(byte[] classFile) {
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (IllegalArgumentException unsupportedVersion) {
            return classFile;
        }
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, ex);
                return (access & Opcodes.ACC_ABSTRACT) != 0 ? mv : new CheckInserter(mv);
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class CheckInserter extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        CheckInserter(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) check();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && name.equals("exit")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, STOP, "exit", "(I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                    && (name.equals("exit") || name.equals("halt")) && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, STOP, "runtimeExit", "(Ljava/lang/Runtime;I)V", false);
            } else {
                super.visitMethodInsn(opcode, owner, name, desc, itf);
            }
        }

        private void check() {
            super.visitInvokeDynamicInsn("check", "()V", BOOTSTRAP);
        }
    }
}
