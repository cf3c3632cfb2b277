package javafutures.process;

import javafutures.eval.SnippetClasses;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.invoke.SerializedLambda;

/**
 * The source name of a value a notebook lambda captured (a local variable of the cell or method around it),
 * read from the local-variable table of the lambda's synthetic method in the snippet's bytecode (cells are
 * compiled with {@code -g}). Best effort: null when the bytes or the table are missing. Stateless.
 */
final class CaptureNames {
    private CaptureNames() {
    }

    /** The name of captured argument {@code index} (0-based) of {@code lambda}, or null. */
    static String name(SerializedLambda lambda, int index) {
        SnippetClasses.ClassVersion v = SnippetClasses.get(lambda.getImplClass().replace('/', '.'));
        if (v == null || index < 0 || index >= lambda.getCapturedArgCount()) return null;
        boolean isStatic = lambda.getImplMethodKind() == 6; // MethodHandleInfo.REF_invokeStatic
        Type[] params = Type.getArgumentTypes(lambda.getImplMethodSignature());
        int slot = isStatic ? 0 : 1;
        // An instance lambda captures `this` first, which is not a parameter of the method.
        int param = isStatic ? index : index - 1;
        if (param < 0) return "this";
        for (int i = 0; i < param && i < params.length; i++) slot += params[i].getSize();
        int wanted = slot;
        String[] found = new String[1];
        new ClassReader(v.bytes()).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                if (!name.equals(lambda.getImplMethodName()) || !desc.equals(lambda.getImplMethodSignature())) return null;
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLocalVariable(String n, String d, String s, Label start, Label end, int idx) {
                        if (idx == wanted && found[0] == null) found[0] = n;
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return found[0];
    }
}
