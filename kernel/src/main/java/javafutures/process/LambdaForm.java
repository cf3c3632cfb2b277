package javafutures.process;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectStreamException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The compact wire form of a serializable lambda in a TASK stream: what {@link TaskCodec} writes in place
 * of the lambda's {@link SerializedLambda}, and what turns back into the lambda where the task runs.
 *
 * <p>Why: a task is usually one lambda, and java.io writes a {@code SerializedLambda} as an ordinary object,
 * its full class descriptor (ten fields, by name and type) and an {@code Object[]} of captured values in every
 * task's stream, and reads it back by reflection; its {@code readResolve} then looks up the capturing
 * class's {@code $deserializeLambda$} method reflectively for every task. This form writes the lambda's
 * parts directly (the capturing class as a class reference, so the reading stream resolves it through the
 * task's loader as before; the strings; each captured value through the same stream, so sharing and
 * back-references are kept, except boxed primitives, written as {@link PlainValues}), and resolves it
 * through a {@code $deserializeLambda$} handle looked up once per capturing class. The lambda that comes
 * out is the one {@code SerializedLambda} would have made: the capturing class's own deserialization code
 * checks the parts and builds it.
 *
 * <p>Immutable once read; the handle cache is thread-safe.
 */
public final class LambdaForm implements Externalizable {
    private static final long serialVersionUID = 1L;
    /** Before a captured value written as an object; any other byte is a {@link PlainValues} tag. */
    private static final byte OBJECT = 0;

    /** The capturing class's {@code $deserializeLambda$}, found once per class (loader-aware: a Class key). */
    private static final ClassValue<MethodHandle> DESERIALIZERS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findStatic(type,
                        "$deserializeLambda$", MethodType.methodType(Object.class, SerializedLambda.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // not a class that captures serializable lambdas: reported when resolving
            }
        }
    };

    /** The capturing class of each lambda class met in the kernel (null for other classes). */
    private static final ClassValue<Class<?>> CAPTURING = new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> lambdaClass) {
            String name = lambdaClass.getName();
            int cut = lambdaClass.isSynthetic() ? name.indexOf("$$Lambda") : -1;
            try {
                return cut < 0 ? null : Class.forName(name.substring(0, cut), false, lambdaClass.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        }
    };

    /** A lambda class's {@code writeReplace}, which makes its {@code SerializedLambda} (null for other classes). */
    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getDeclaredMethod("writeReplace");
                m.setAccessible(true);
                return m;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    /**
     * The encoded parts of each lambda class's {@code SerializedLambda} but its captured values: the same for
     * every lambda of the class (one call site), so encoded once; filled by the first task of the class.
     */
    private static final ClassValue<AtomicReference<byte[]>> PLAIN_PARTS = new ClassValue<>() {
        @Override
        protected AtomicReference<byte[]> computeValue(Class<?> lambdaClass) {
            return new AtomicReference<>();
        }
    };

    private Class<?> capturingClass;
    private String functionalInterfaceClass;
    private String functionalInterfaceMethodName;
    private String functionalInterfaceMethodSignature;
    private String implClass;
    private String implMethodName;
    private String implMethodSignature;
    private int implMethodKind;
    private String instantiatedMethodType;
    private Object[] capturedArgs;

    /** For deserialization only. */
    public LambdaForm() {
    }

    /**
     * The class whose code created {@code task} when it is a lambda (its class names it: {@code
     * Capturing$$Lambda...}), else null. The kernel passes it to {@link #of}: a {@code SerializedLambda} only
     * names its capturing class, and resolving a name through a loader for every task costs more than this.
     */
    static Class<?> capturingClass(Object task) {
        return task == null ? null : CAPTURING.get(task.getClass());
    }

    /**
     * The compact form of {@code lambda}, or null (it then travels as a {@code SerializedLambda}, as before)
     * unless {@code capturing} is its capturing class.
     */
    static LambdaForm of(SerializedLambda lambda, Class<?> capturing) {
        if (capturing == null || !lambda.getCapturingClass().replace('/', '.').equals(capturing.getName())) return null;
        LambdaForm f = new LambdaForm();
        f.capturingClass = capturing;
        f.functionalInterfaceClass = lambda.getFunctionalInterfaceClass();
        f.functionalInterfaceMethodName = lambda.getFunctionalInterfaceMethodName();
        f.functionalInterfaceMethodSignature = lambda.getFunctionalInterfaceMethodSignature();
        f.implClass = lambda.getImplClass();
        f.implMethodName = lambda.getImplMethodName();
        f.implMethodSignature = lambda.getImplMethodSignature();
        f.implMethodKind = lambda.getImplMethodKind();
        f.instantiatedMethodType = lambda.getInstantiatedMethodType();
        Object[] args = new Object[lambda.getCapturedArgCount()];
        for (int i = 0; i < args.length; i++) args[i] = lambda.getCapturedArg(i);
        f.capturedArgs = args;
        return f;
    }

    /**
     * The {@code SerializedLambda} of a serializable lambda whose capturing class is {@code capturing} (see
     * {@link #capturingClass}), or null.
     */
    static SerializedLambda serializedForm(Object lambda, Class<?> capturing) {
        Method m = capturing == null ? null : WRITE_REPLACE.get(lambda.getClass());
        try {
            return m != null && m.invoke(lambda) instanceof SerializedLambda l
                    && l.getCapturingClass().replace('/', '.').equals(capturing.getName()) ? l : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** True if every value {@code lambda} captures is a {@link PlainValues} value (strings included). */
    static boolean capturesPlainValues(SerializedLambda lambda) {
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            if (!PlainValues.isPlain(lambda.getCapturedArg(i))) return false;
        }
        return true;
    }

    /**
     * Writes a lambda that {@link #capturesPlainValues} without a java.io stream: the capturing class by name,
     * the parts, the captured values as plain values. Read back by {@link #readPlain}.
     *
     * @param task the lambda; its class keys the parts encoded once ({@link #PLAIN_PARTS})
     */
    static void writePlain(Object task, SerializedLambda lambda, DataOutput out) throws IOException {
        AtomicReference<byte[]> cached = PLAIN_PARTS.get(task.getClass());
        byte[] parts = cached.get();
        if (parts == null) {
            Wire.Buffer b = new Wire.Buffer(256);
            DataOutputStream d = new DataOutputStream(b);
            d.writeUTF(lambda.getCapturingClass().replace('/', '.'));
            of(lambda, capturingClass(task)).writeParts(d);
            parts = b.toByteArray();
            cached.set(parts);
        }
        out.write(parts);
        out.writeByte(lambda.getCapturedArgCount());
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            if (!PlainValues.writeWithStrings(lambda.getCapturedArg(i), out)) {
                throw new IllegalArgumentException("captured value #" + (i + 1) + " is not a plain value");
            }
        }
    }

    /**
     * The lambda {@link #writePlain} wrote, its capturing class resolved through {@code loader} (as the task
     * stream's classes are, see {@link LoaderObjectInputStream}).
     *
     * @param maxString the longest string in bytes the input can hold
     */
    public static Object readPlain(DataInput in, ClassLoader loader, int maxString) throws IOException,
            ClassNotFoundException {
        LambdaForm f = new LambdaForm();
        f.capturingClass = Class.forName(in.readUTF(), false, loader);
        f.readParts(in);
        Object[] args = new Object[in.readUnsignedByte()];
        for (int i = 0; i < args.length; i++) args[i] = PlainValues.read(in, in.readByte(), maxString);
        f.capturedArgs = args;
        return f.readResolve();
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeObject(capturingClass);
        writeParts(out);
        out.writeInt(capturedArgs.length);
        for (Object a : capturedArgs) {
            // A boxed primitive as a plain value: as an object it costs two class descriptors per task.
            if (PlainValues.write(a, (DataOutput) out)) continue;
            out.writeByte(OBJECT);
            out.writeObject(a);
        }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
        Object c = in.readObject();
        if (!(c instanceof Class<?> k)) throw new InvalidObjectException("a lambda's capturing class is missing");
        capturingClass = k;
        readParts(in);
        int n = in.readInt();
        if (n < 0 || n > 255) throw new InvalidObjectException("bad captured argument count " + n); // JVM limit
        capturedArgs = new Object[n];
        for (int i = 0; i < n; i++) {
            byte tag = in.readByte();
            capturedArgs[i] = tag == OBJECT ? in.readObject() : PlainValues.read(in, tag, 0);
        }
    }

    /** The parts but the capturing class and the captured values, in both wire forms. */
    private void writeParts(DataOutput out) throws IOException {
        out.writeUTF(functionalInterfaceClass);
        out.writeUTF(functionalInterfaceMethodName);
        out.writeUTF(functionalInterfaceMethodSignature);
        out.writeUTF(implClass);
        out.writeUTF(implMethodName);
        out.writeUTF(implMethodSignature);
        out.writeByte(implMethodKind);
        out.writeUTF(instantiatedMethodType);
    }

    private void readParts(DataInput in) throws IOException {
        functionalInterfaceClass = in.readUTF();
        functionalInterfaceMethodName = in.readUTF();
        functionalInterfaceMethodSignature = in.readUTF();
        implClass = in.readUTF();
        implMethodName = in.readUTF();
        implMethodSignature = in.readUTF();
        implMethodKind = in.readByte();
        instantiatedMethodType = in.readUTF();
    }

    /** The lambda, built by its capturing class's deserialization code as {@code SerializedLambda} would. */
    private Object readResolve() throws ObjectStreamException {
        SerializedLambda lambda = new SerializedLambda(capturingClass, functionalInterfaceClass,
                functionalInterfaceMethodName, functionalInterfaceMethodSignature, implMethodKind, implClass,
                implMethodName, implMethodSignature, instantiatedMethodType, capturedArgs);
        MethodHandle deserialize = DESERIALIZERS.get(capturingClass);
        if (deserialize == null) {
            throw new InvalidObjectException("cannot deserialize the lambda " + implClass + "." + implMethodName
                    + ": " + capturingClass.getName() + " has no lambda deserialization method");
        }
        try {
            return (Object) deserialize.invokeExact(lambda);
        } catch (Throwable e) { // the message and cause SerializedLambda.readResolve gives (it invokes reflectively)
            InvalidObjectException x = new InvalidObjectException("ReflectiveOperationException during deserialization");
            x.initCause(new java.lang.reflect.InvocationTargetException(e));
            throw x;
        }
    }
}
