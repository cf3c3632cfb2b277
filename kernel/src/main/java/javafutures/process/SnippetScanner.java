package javafutures.process;

import javafutures.eval.SnippetClasses;
import javafutures.eval.SnippetClasses.ClassVersion;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds, from a task's roots, the snippet classes it can reach (to ship them) and the top-level notebook
 * variables it can read (to carry their values).
 *
 * <p>Classes: everything named in the constant pools of reachable snippet classes, transitively; coarse on
 * purpose, since a missing class fails in the worker while an extra one costs bytes once. Variables: JShell
 * keeps a top-level variable as a static field of a wrapper class ({@code REPL.$JShell$12}); the scan follows
 * methods, not classes, from the task's entry points ({@code GETSTATIC} of wrapper fields, through calls,
 * lambda handles and static initializers), because the submitting cell's wrapper also holds variables the
 * task never reads, such as the pool itself.
 *
 * <p>Parsed classes are cached by content hash, at most {@link #PARSED}'s limit of them (property
 * {@code javafutures.cache.parsedClasses}), least recently used first out: every cell makes new snippet
 * classes, and only those that new tasks reach again are worth keeping; a dropped one is parsed again if a
 * task needs it. Entries keep what the scan needs (names, fields, calls), not the class bytes, and share
 * their strings (interned). Thread-safe.
 */
final class SnippetScanner {
    /*
     * FieldRef and MethodRef spell out equals and hashCode (the same as a record's): a scan hashes them, and a
     * record's own methods are linked by an invokedynamic bootstrap (java.lang.runtime.ObjectMethods) whose
     * first use in a JVM spins ~20 method-handle classes, 10-25 ms on JDK 17 that a notebook's first
     * ProcessPool paid on its first submit (docs/benchmarks.md, "First pool on JDK 17").
     */

    /** A static field of a wrapper class; {@code owner} is a binary name. */
    record FieldRef(String owner, String name) {
        @Override
        public boolean equals(Object o) {
            return o instanceof FieldRef f && owner.equals(f.owner) && name.equals(f.name);
        }

        @Override
        public int hashCode() {
            return 31 * owner.hashCode() + name.hashCode();
        }
    }

    /** A method entry point; {@code owner} is an internal name. */
    record MethodRef(String owner, String name, String desc) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MethodRef m && owner.equals(m.owner) && name.equals(m.name) && desc.equals(m.desc);
        }

        @Override
        public int hashCode() {
            return (31 * owner.hashCode() + name.hashCode()) * 31 + desc.hashCode();
        }
    }

    record Result(List<ClassVersion> classes, List<FieldRef> variables) {
    }

    /**
     * JShell's wrapper classes, the top-level classes of package {@code REPL}: {@code $JShell$}, the snippet's
     * key index, a letter suffix counting replacements ({@code 12}, {@code 12B}, {@code 12C}, ... {@code 12BA}),
     * and overloads of one method wrapped together joined by {@code _} ({@code 13_20B}). Matched as JShell
     * itself does ({@code \w+}), never with a further {@code $}, which its nested classes have.
     */
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\w+");
    /** JShell defines every snippet class in package {@code REPL}; internal form. */
    private static final String SNIPPET_PACKAGE = "REPL/";
    static final BoundedCache<String, ClassInfo> PARSED = new BoundedCache<>("javafutures.cache.parsedClasses", 128);

    private SnippetScanner() {
    }

    static boolean isWrapper(String binaryName) {
        return WRAPPER.matcher(binaryName).matches();
    }

    /**
     * @param rootClasses binary names of classes whose instances the task carries: all their methods count
     * @param named       binary names of other classes the task's stream names: shipped, methods not entered
     * @param entries     methods the task enters directly (a lambda's implementation method)
     */
    static Result scan(Collection<String> rootClasses, Collection<String> named, Collection<MethodRef> entries) {
        Map<String, ClassInfo> infos = new HashMap<>();
        List<ClassVersion> classes = new ArrayList<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        for (String c : rootClasses) todo.add(c.replace('.', '/'));
        for (String c : named) todo.add(c.replace('.', '/'));
        for (MethodRef m : entries) todo.add(m.owner());
        while (!todo.isEmpty()) {
            String internal = todo.poll();
            if (infos.containsKey(internal)) continue;
            ClassVersion v = SnippetClasses.get(internal.replace('/', '.'));
            ClassInfo info = v == null ? null : info(v);
            infos.put(internal, info);
            if (info == null) continue;
            classes.add(v);
            todo.addAll(info.references);
        }
        infos.values().removeIf(java.util.Objects::isNull);

        Set<MethodRef> seen = new HashSet<>();
        ArrayDeque<MethodRef> methods = new ArrayDeque<>(entries);
        for (String c : rootClasses) {
            ClassInfo info = infos.get(c.replace('.', '/'));
            for (ClassInfo k = info; k != null; k = infos.get(k.superName)) {
                for (String key : k.methods.keySet()) methods.add(ref(k.name, key));
            }
        }
        Set<FieldRef> variables = new LinkedHashSet<>();
        Set<String> initialised = new HashSet<>();
        while (!methods.isEmpty()) {
            MethodRef m = methods.poll();
            if (!seen.add(m)) continue;
            ClassInfo owner = infos.get(m.owner());
            if (owner == null) continue;
            if (initialised.add(owner.name)) methods.add(new MethodRef(owner.name, "<clinit>", "()V"));
            MethodInfo body = null;
            for (ClassInfo k = owner; k != null && body == null; k = infos.get(k.superName)) {
                body = k.methods.get(m.name() + m.desc());
                if (body != null && k != owner) methods.add(ref(k.name, m.name() + m.desc()));
            }
            if (body == null) continue;
            for (FieldRef f : body.staticReads) {
                ClassInfo fo = infos.get(f.owner().replace('.', '/'));
                if (fo != null && fo.variables.contains(f.name())) variables.add(f);
            }
            for (MethodRef call : body.calls) {
                methods.add(call);
                if (!call.name().startsWith("<")) {
                    // a virtual call may land in an override in any notebook subtype
                    for (ClassInfo k : infos.values()) {
                        if (k.name.equals(call.owner()) || !subtypeOf(k, call.owner(), infos)) continue;
                        if (k.methods.containsKey(call.name() + call.desc())) {
                            methods.add(new MethodRef(k.name, call.name(), call.desc()));
                        }
                    }
                }
            }
        }
        return new Result(classes, List.copyOf(variables));
    }

    private static MethodRef ref(String owner, String key) {
        int p = key.indexOf('(');
        return new MethodRef(owner, key.substring(0, p), key.substring(p));
    }

    private static boolean subtypeOf(ClassInfo k, String target, Map<String, ClassInfo> infos) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<ClassInfo> todo = new ArrayDeque<>();
        todo.add(k);
        while (!todo.isEmpty()) {
            ClassInfo c = todo.poll();
            if (!seen.add(c.name)) continue;
            List<String> supers = new ArrayList<>(c.interfaces);
            if (c.superName != null) supers.add(c.superName);
            for (String s : supers) {
                if (s.equals(target)) return true;
                ClassInfo si = infos.get(s);
                if (si != null) todo.add(si);
            }
        }
        return false;
    }

    /** A snippet class version, parsed (the hash names the content, name included: equal hash, same class). */
    private static ClassInfo info(ClassVersion v) {
        return PARSED.get(v.hash(), cached -> true, hash -> parse(v));
    }

    private static final class MethodInfo {
        final Set<FieldRef> staticReads = new LinkedHashSet<>();
        final Set<MethodRef> calls = new LinkedHashSet<>();
    }

    static final class ClassInfo {
        String name;
        String superName;
        List<String> interfaces = List.of();
        final Set<String> references = new HashSet<>();
        final Set<String> variables = new HashSet<>();
        final Map<String, MethodInfo> methods = new HashMap<>();
    }

    /**
     * A call site's target, its names interned: the parsed classes of a long session name the same JDK and
     * notebook methods over and over (every lambda's {@code $deserializeLambda$} calls the same
     * {@code SerializedLambda} getters), and ASM gives each parsed class its own copies of the strings.
     */
    private static MethodRef call(String owner, String name, String desc) {
        return new MethodRef(owner.intern(), name.intern(), desc.intern());
    }

    private static ClassInfo parse(ClassVersion v) {
        ClassInfo info = new ClassInfo();
        ClassReader reader = new ClassReader(v.bytes());
        collectConstantPoolNames(reader, v.bytes(), info.references);
        boolean wrapper = isWrapper(v.name());
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                info.name = name.intern();
                info.superName = superName == null ? null : superName.intern();
                info.interfaces = interfaces == null ? List.of() : List.of(interfaces);
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                           Object value) {
                boolean variable = (access & Opcodes.ACC_STATIC) != 0 && (access & Opcodes.ACC_FINAL) == 0
                        && (access & Opcodes.ACC_SYNTHETIC) == 0;
                if (wrapper && variable) info.variables.add(name.intern());
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodInfo m = new MethodInfo();
                info.methods.put((name + descriptor).intern(), m);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String fname, String fdesc) {
                        if (opcode == Opcodes.GETSTATIC && owner.startsWith(SNIPPET_PACKAGE)) {
                            m.staticReads.add(new FieldRef(owner.replace('/', '.').intern(), fname.intern()));
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean itf) {
                        if (!owner.startsWith("[")) m.calls.add(call(owner, mname, mdesc));
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String iname, String idesc, Handle bsm, Object... args) {
                        for (Object a : args) {
                            if (a instanceof Handle h) m.calls.add(call(h.getOwner(), h.getName(), h.getDesc()));
                        }
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof Handle h) m.calls.add(call(h.getOwner(), h.getName(), h.getDesc()));
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return info;
    }

    /**
     * Every internal name of a snippet class in the constant pool: class entries and names inside
     * descriptors. Other names are left out: only snippet classes are followed, and JDK names are most of a
     * constant pool.
     */
    private static void collectConstantPoolNames(ClassReader reader, byte[] b, Set<String> out) {
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0 || b[offset - 1] != 1) continue; // CONSTANT_Utf8 only
            int len = reader.readUnsignedShort(offset);
            // modified UTF-8 equals UTF-8 for the names that matter here
            String s = new String(b, offset + 2, len, java.nio.charset.StandardCharsets.UTF_8);
            if (!s.contains(SNIPPET_PACKAGE)) continue;
            if (s.indexOf(';') < 0) {
                if (s.startsWith(SNIPPET_PACKAGE)) out.add(s.intern());
                continue;
            }
            for (int start = s.indexOf('L'); start >= 0; start = s.indexOf('L', start + 1)) {
                // 'L' may also occur inside a name; a junk candidate simply matches no snippet class
                int end = s.indexOf(';', start);
                if (end < 0) break;
                String name = s.substring(start + 1, end);
                int generic = name.indexOf('<');
                if (generic >= 0) name = name.substring(0, generic);
                if (name.startsWith(SNIPPET_PACKAGE)) out.add(name.intern());
            }
        }
    }
}
