package javafutures.process;

import javafutures.eval.SnippetClasses;
import javafutures.eval.SnippetClasses.ClassVersion;

import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * Serializes tasks in the kernel at submit, and decodes them in a worker or cluster member; decodes what
 * comes back. Both ends of the TASK format live here, so they cannot disagree.
 *
 * <p>A TASK payload (and a SHARED one: a map's function instead of a task, see {@link SharedFunction}) is
 * {@code long classSetId} followed by one java.io stream: the task object, then the
 * top-level notebook variables its code reads, in batches ({@code int n > 0} and {@code n} times owner,
 * field, value), ended by {@code int 0}. The worker stores each value into its copy of the wrapper class
 * before running the task. Task and values share one stream, so an object reachable from both stays one
 * object. A value may bring more code with it (a lambda held in a variable, an instance of a notebook class
 * whose methods read other variables): the variables that code reads follow in the next batch, until no
 * new code turns up, so a worker never sees {@code 0} or {@code null} where the kernel has a value.
 *
 * <p>A lambda that captures only {@link PlainValues} values, and whose code reads only top-level variables
 * holding such values (the commonest task: {@code () -> f(i)}), travels without a java.io stream on either
 * side: {@code long classSetId}, {@link #PLAIN_TASK}, the lambda ({@link LambdaForm#writePlain}), {@code int n}
 * and {@code n} times owner, field, plain value. Its class-set id and scan are the ones the stream form would
 * have had, so class resolution is the same: the capturing class is resolved by name through the loader of
 * the task's class-set version, as the stream's classes are. Anything else takes the stream form.
 *
 * <p>Which variables: JShell keeps a top-level variable as a static field of the wrapper class of the
 * snippet that declared it; re-declaring it makes a new wrapper ({@code $JShell$12} becomes
 * {@code $JShell$12B}, then {@code $JShell$12C}), and code compiled since reads the new one, while older
 * code keeps reading the old one, in the kernel as in the worker. The scan ({@link SnippetScanner}) follows
 * the very field references in the bytecode the task will run, and the values are read from those fields,
 * so the worker always computes what the kernel would.
 *
 * <p>A task over {@code maxBytes} fails at submit with {@link TaskTooLargeException}; serialization stops
 * buffering at the limit (it only counts beyond it), so a huge capture cannot exhaust the kernel's memory
 * on its way to that error. Thread-safe; the scans of recent task shapes are cached.
 */
public final class TaskCodec {
    /** Scans of recent task shapes; a scan keeps its class set alive, so its workers keep that set's bytes. */
    static final BoundedCache<List<Object>, Scan> SCANS = new BoundedCache<>("javafutures.cache.taskScans", 32);

    /** The byte after the class-set id of a stream-free TASK payload; a java.io stream starts with 0xAC. */
    public static final byte PLAIN_TASK = 0x50;

    private TaskCodec() {
    }

    /** What the scan found for one task shape, with the variables' fields resolved for one loader. */
    static final class Scan {
        final List<ClassVersion> classes;
        final List<SnippetScanner.FieldRef> variables;
        final ClassSet classSet;
        volatile ClassLoader fieldsLoader;
        volatile Field[] fields;

        Scan(SnippetScanner.Result r) {
            classes = r.classes();
            variables = r.variables();
            classSet = ClassSet.of(r.classes());
        }

        boolean current() {
            for (ClassVersion v : classes) {
                if (SnippetClasses.get(v.name()) != v) return false;
            }
            return true;
        }
    }

    /** Records the snippet classes and lambdas a task's stream contains while it is written. */
    private static final class RecordingStream extends ObjectOutputStream {
        /** Classes of objects in the stream: any of their methods may run. */
        final TreeSet<String> instances = new TreeSet<>();
        /** Classes merely named in the stream (class descriptors, a lambda's capturing class): shipped only. */
        final TreeSet<String> named = new TreeSet<>();
        final Set<SnippetScanner.MethodRef> entries = new LinkedHashSet<>();
        /** The task's capturing class when the task is a lambda: its lambdas travel compactly. */
        private final Class<?> capturing;

        RecordingStream(OutputStream out, Class<?> capturing) throws IOException {
            super(out);
            this.capturing = capturing;
            enableReplaceObject(true);
        }

        /** Grows whenever the stream meets notebook code it had not met: then the scan must run again. */
        int recorded() {
            return instances.size() + named.size() + entries.size();
        }

        @Override
        protected void annotateClass(Class<?> cl) {
            if (SnippetClasses.get(cl.getName()) != null) named.add(cl.getName());
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (SnippetClasses.get(obj.getClass().getName()) != null) instances.add(obj.getClass().getName());
            if (!(obj instanceof SerializedLambda l)) return obj;
            if (SnippetClasses.get(l.getImplClass().replace('/', '.')) != null) {
                entries.add(new SnippetScanner.MethodRef(l.getImplClass(), l.getImplMethodName(),
                        l.getImplMethodSignature()));
                named.add(l.getCapturingClass().replace('/', '.'));
            }
            LambdaForm compact = LambdaForm.of(l, capturing);
            return compact != null ? compact : obj;
        }
    }

    /**
     * A buffer that keeps at most {@code limit} bytes and only counts what comes after, so that a task over
     * the limit costs no memory beyond it and its full size is still known for the error.
     */
    private static final class BoundedBuffer extends OutputStream {
        final Wire.Buffer buf = new Wire.Buffer(1024);
        final long limit;
        long size;

        BoundedBuffer(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            if (++size <= limit) buf.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (size + len <= limit) buf.write(b, off, len);
            size += len;
        }
    }

    /**
     * {@link #prepare(Object, long)} up to the largest size a frame can carry: for transports whose pools
     * have no size option (cluster pools).
     */
    public static PreparedTask prepare(Object task) {
        return prepare(task, Frames.MAX_PAYLOAD);
    }

    /**
     * Serializes {@code task} (a {@link Callable} or {@link Runnable} that is {@link Serializable}) with the
     * values of the top-level variables its code reads.
     *
     * @param maxBytes the largest TASK payload allowed (the pool's {@code maxTaskBytes})
     * @throws TaskNotSerializableException naming what is not serializable, and the fix
     * @throws TaskTooLargeException        when the payload would be over {@code maxBytes}
     */
    public static PreparedTask prepare(Object task, long maxBytes) {
        if (!(task instanceof Callable) && !(task instanceof Runnable)) {
            throw new IllegalArgumentException("a process task must be a Callable or a Runnable, not "
                    + (task == null ? "null" : task.getClass().getName()));
        }
        PreparedTask plain = preparePlain(task, maxBytes);
        return plain != null ? plain : serialize(task, maxBytes);
    }

    /**
     * The stream-free form of a lambda that captures plain values and reads only plain-valued variables, or
     * null (then the stream form applies, with its checks and messages).
     */
    private static PreparedTask preparePlain(Object task, long maxBytes) {
        Class<?> capturing = LambdaForm.capturingClass(task);
        if (capturing == null || !(task instanceof Serializable)) return null;
        SerializedLambda l = LambdaForm.serializedForm(task, capturing);
        if (l == null || !LambdaForm.capturesPlainValues(l)) return null;
        // What the stream form would record for this lambda (RecordingStream): the same scan, the same set.
        List<String> named = List.of();
        List<SnippetScanner.MethodRef> entries = List.of();
        if (SnippetClasses.get(l.getImplClass().replace('/', '.')) != null) {
            entries = List.of(new SnippetScanner.MethodRef(l.getImplClass(), l.getImplMethodName(),
                    l.getImplMethodSignature()));
            named = List.of(capturing.getName());
        } else if (SnippetClasses.get(capturing.getName()) != null) {
            named = List.of(capturing.getName());
        }
        Scan scan = scanFor(List.of(), named, entries);
        ClassLoader loader = taskLoader(task);
        Field[] fields = fieldsFor(scan, loader);
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            try {
                values[i] = fields[i].get(null);
            } catch (IllegalAccessException e) {
                return null;
            }
            if (!PlainValues.isPlain(values[i])) return null;
        }
        try {
            Wire.Buffer buf = new Wire.Buffer(256);
            DataOutputStream out = new DataOutputStream(buf);
            out.writeLong(scan.classSet.id());
            out.writeByte(PLAIN_TASK);
            LambdaForm.writePlain(task, l, out);
            List<String> names = new ArrayList<>(fields.length);
            Set<SnippetScanner.FieldRef> written = new HashSet<>();
            Wire.Buffer vars = new Wire.Buffer(64);
            DataOutputStream v = new DataOutputStream(vars);
            for (int i = 0; i < fields.length; i++) {
                if (!written.add(scan.variables.get(i))) continue;
                v.writeUTF(fields[i].getDeclaringClass().getName());
                v.writeUTF(fields[i].getName());
                PlainValues.writeWithStrings(values[i], v);
                names.add(fields[i].getDeclaringClass().getName() + "." + fields[i].getName());
            }
            out.writeInt(names.size());
            vars.writeTo(out);
            if (buf.size() > maxBytes) return null; // the stream form reports it, naming the variables
            return new PreparedTask(buf.array(), buf.size(), scan.classSet, loader, Collections.unmodifiableList(names));
        } catch (IOException e) {
            return null; // in-memory; the stream form reports anything real
        }
    }

    /**
     * Serializes a {@code map}'s function once for all its chunks ({@link SharedFunction}), in the TASK format:
     * the function, then the values of the top-level variables its code reads, as they are now.
     */
    static PreparedTask prepareFunction(java.util.function.Function<?, ?> fn, long maxBytes) {
        MapChunk.checkSerializable(fn);
        return serialize(fn, maxBytes);
    }

    private static PreparedTask serialize(Object task, long maxBytes) {
        if (!(task instanceof Serializable)) {
            throw new TaskNotSerializableException("The task (" + describe(task) + ") is not serializable, so it"
                    + " cannot be sent to a worker JVM. Fix: write it as a lambda in a cell, or make its class"
                    + " implement java.io.Serializable.", "the task", task.getClass().getName(), null);
        }
        ClassLoader loader = taskLoader(task);
        BoundedBuffer buf = new BoundedBuffer(Math.min(maxBytes, Frames.MAX_PAYLOAD));
        buf.write(new byte[8], 0, 8); // class-set id, patched below
        try (RecordingStream out = new RecordingStream(buf, LambdaForm.capturingClass(task))) {
            try {
                out.writeObject(task);
            } catch (NotSerializableException e) {
                throw captureError(task, e);
            }
            List<TaskSizes.Part> carried = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Set<SnippetScanner.FieldRef> written = new HashSet<>();
            Scan scan = scanFor(out);
            while (true) {
                Field[] fields = fieldsFor(scan, loader);
                List<Integer> fresh = new ArrayList<>();
                for (int i = 0; i < fields.length; i++) {
                    if (written.add(scan.variables.get(i))) fresh.add(i);
                }
                if (fresh.isEmpty()) break;
                int recorded = out.recorded();
                out.writeInt(fresh.size());
                for (int i : fresh) {
                    carried.add(writeVariable(out, fields[i]));
                    names.add(fields[i].getDeclaringClass().getName() + "." + fields[i].getName());
                }
                if (out.recorded() == recorded) break; // the values brought no new code: no new variables
                scan = scanFor(out);
            }
            out.writeInt(0);
            out.flush();
            if (buf.size > buf.limit) throw TaskSizes.tooLarge(task, carried, buf.size, buf.limit);
            buf.buf.putLong(0, scan.classSet.id());
            return new PreparedTask(buf.buf.array(), buf.buf.size(), scan.classSet, loader,
                    Collections.unmodifiableList(names));
        } catch (IOException e) {
            throw new TaskNotSerializableException("The task could not be serialized: " + e,
                    "the task", task.getClass().getName(), e);
        } catch (StackOverflowError e) {
            throw new TaskNotSerializableException("The task's data is nested too deeply to serialize (java.io"
                    + " serialization recurses once per level). Fix: pass flatter data, e.g. an array or list"
                    + " instead of a long chain of linked objects.", "the task", task.getClass().getName(), null);
        }
    }

    /** The loader that resolves the task's result and exceptions in the kernel. */
    private static ClassLoader taskLoader(Object task) {
        ClassLoader loader = task.getClass().getClassLoader();
        if (loader == null) loader = ClassLoader.getSystemClassLoader();
        // A kernel class (a map chunk wrapping a cell's function) sees neither the notebook's classes nor its
        // libraries: its result is read through the notebook's loader, which sees the kernel's API as well.
        if (loader == TaskCodec.class.getClassLoader() && SnippetClasses.loader() != null) loader = SnippetClasses.loader();
        return loader;
    }

    /** Writes one top-level variable (owner, field, value); returns its name and value. */
    private static TaskSizes.Part writeVariable(RecordingStream out, Field f) throws IOException {
        Object value;
        try {
            value = f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read top-level variable " + f, e);
        }
        out.writeUTF(f.getDeclaringClass().getName());
        out.writeUTF(f.getName());
        try {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw variableError(f, value, e);
        }
        return new TaskSizes.Part(f.getName(), value);
    }

    /** The class-set id at the start of a TASK payload: the worker picks its class loader by it. */
    public static long classSetId(byte[] payload) {
        long id = 0;
        for (int i = 0; i < 8; i++) id = (id << 8) | (payload[i] & 0xff);
        return id;
    }

    private static Scan scanFor(RecordingStream out) {
        return scanFor(List.copyOf(out.instances), List.copyOf(out.named), List.copyOf(out.entries));
    }

    /** @param instances, named sorted and distinct, as a {@code TreeSet} gives them */
    private static Scan scanFor(List<String> instances, List<String> named, List<SnippetScanner.MethodRef> entries) {
        if (named.isEmpty() && instances.isEmpty() && entries.isEmpty()) return EMPTY_SCAN;
        // A list key, not a string: building the string cost more than the rest of a trivial task's encoding.
        List<Object> key = List.of(instances, named, entries);
        return SCANS.get(key, Scan::current, k -> new Scan(SnippetScanner.scan(instances, named, entries)));
    }

    private static final Scan EMPTY_SCAN = new Scan(new SnippetScanner.Result(List.of(), List.of()));

    /**
     * A snippet class by name: through the task's loader, else through JShell's snippet loader (a task
     * whose own class is the kernel's, such as a map chunk wrapping a cell's lambda, cannot see it).
     */
    private static Class<?> ownerClass(String name, ClassLoader loader) throws ClassNotFoundException {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            ClassLoader snippets = SnippetClasses.loader();
            if (snippets == null || snippets == loader) throw e;
            return Class.forName(name, false, snippets);
        }
    }

    private static Field[] fieldsFor(Scan scan, ClassLoader loader) {
        if (scan.variables.isEmpty()) return new Field[0];
        if (scan.fieldsLoader == loader) return scan.fields;
        Field[] fields = new Field[scan.variables.size()];
        for (int i = 0; i < fields.length; i++) {
            SnippetScanner.FieldRef ref = scan.variables.get(i);
            try {
                Field f = ownerClass(ref.owner(), loader).getDeclaredField(ref.name());
                f.setAccessible(true);
                fields[i] = f;
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("cannot find top-level variable " + ref.owner() + "." + ref.name()
                        + " through the task's class loader", e);
            }
        }
        scan.fields = fields;
        scan.fieldsLoader = loader;
        return fields;
    }

    private static TaskNotSerializableException captureError(Object task, NotSerializableException e) {
        SerialPaths.Culprit c = SerialPaths.find(task, "the task");
        String path = c != null ? namedCapture(task, c.path()) : "the task";
        String type = c != null ? c.type().getName() : e.getMessage();
        return new TaskNotSerializableException("The task captures a value that is not serializable: " + path
                + " is a " + type + ", which does not implement java.io.Serializable, so the task cannot be"
                + " sent to a worker JVM. Fix: capture only serializable values (copy what the task needs into a"
                + " local variable of a serializable type before the lambda), create the object inside the task,"
                + " or make " + simpleName(type) + " implement java.io.Serializable (marking fields the worker"
                + " does not need transient).", path, type, e);
    }

    /** {@code the task -> captured value #2 -> ...} with the captured variable's name when the bytecode has it. */
    private static String namedCapture(Object task, String path) {
        String prefix = "the task -> captured value #";
        SerializedLambda l = SerialPaths.lambdaForm(task);
        if (l == null || !path.startsWith(prefix)) return path;
        int end = path.indexOf(' ', prefix.length());
        String digits = path.substring(prefix.length(), end < 0 ? path.length() : end);
        try {
            String name = CaptureNames.name(l, Integer.parseInt(digits) - 1);
            return name == null ? path : "captured variable `" + name + "`" + (end < 0 ? "" : path.substring(end));
        } catch (RuntimeException e) {
            return path; // only a nicer message
        }
    }

    private static TaskNotSerializableException variableError(Field f, Object value, NotSerializableException e) {
        String name = f.getName();
        SerialPaths.Culprit c = SerialPaths.find(value, "`" + name + "`");
        String type = value.getClass().getName();
        String inner = c != null && !c.type().getName().equals(type)
                ? " (" + c.path() + " is a " + c.type().getName() + ")" : "";
        return new TaskNotSerializableException("The task reads the top-level variable `" + name + "` ("
                + f.getDeclaringClass().getName() + "." + name + "), whose value is a " + type + inner
                + ", which is not serializable, so its value cannot travel to a worker JVM. Fix: copy what the"
                + " task needs from `" + name + "` into a local variable of a serializable type before submitting"
                + " and use that in the task, or create the object inside the task.",
                "top-level variable `" + name + "`" + (inner.isEmpty() ? "" : " -> " + c.path()),
                c != null ? c.type().getName() : type, e);
    }

    private static String describe(Object task) {
        String n = task.getClass().getName();
        int lambda = n.indexOf("$$Lambda");
        return lambda >= 0 ? "a lambda of " + n.substring(0, lambda) : "a " + n;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** Decodes a RESULT payload's value starting at {@code off}: a {@link PlainValues} value or a java.io stream. */
    public static Object decodeValue(byte[] payload, int off, ClassLoader loader) throws IOException,
            ClassNotFoundException {
        if (PlainValues.isPlain(payload, off)) return PlainValues.read(payload, off);
        try (LoaderObjectInputStream in = new LoaderObjectInputStream(
                new ByteArrayInputStream(payload, off, payload.length - off), loader, payload.length)) {
            return in.readObject();
        }
    }
}
