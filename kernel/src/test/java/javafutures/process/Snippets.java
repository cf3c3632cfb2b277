package javafutures.process;

import javafutures.eval.SnippetClasses;

import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Emulates what the kernel does with JShell snippets, without JShell: compiles wrapper-style sources in
 * memory, records their bytes in {@link SnippetClasses}, defines them in a "kernel" loader, and runs each
 * wrapper's {@code do_it$()} the way JShell initialises top-level variables.
 */
final class Snippets {
    private static final AtomicInteger NEXT = new AtomicInteger(1000);

    private Snippets() {
    }

    /** A fresh wrapper number, so tests never collide in the global registry. */
    static int next() {
        return NEXT.getAndIncrement();
    }

    /** A loader over compiled classes; child-first for them, like JShell's snippet loader. */
    static final class Loader extends ClassLoader {
        final Map<String, byte[]> classes;

        Loader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && classes.containsKey(name)) {
                    byte[] b = classes.get(name);
                    c = defineClass(name, b, 0, b.length);
                }
                if (c == null) return super.loadClass(name, resolve);
                return c;
            }
        }

        Object doIt(String wrapper) throws Exception {
            return Class.forName(wrapper, true, this).getMethod("do_it$").invoke(null);
        }
    }

    /**
     * Compiles sources (binary name of the top-level class to source), records every resulting class in
     * SnippetClasses, and returns a loader for them whose parent is {@code parent} (a previous cell's loader).
     */
    static Loader load(Map<String, String> sources, ClassLoader parent) {
        Map<String, byte[]> out = compile(sources, parent);
        out.forEach(SnippetClasses::record);
        return new Loader(out, parent);
    }

    static Map<String, byte[]> compile(Map<String, String> sources, ClassLoader parent) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> outputs = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, src) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return src;
            }
        }));
        JavaFileManager fm = new ForwardingJavaFileManager<>(javac.getStandardFileManager(diags, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream bos = new ByteArrayOutputStream();
                        outputs.put(className, bos);
                        return bos;
                    }
                };
            }
        };
        // Earlier "cells" are visible by compiling against the classes already in the registry.
        List<String> options = new ArrayList<>(List.of("-proc:none", "-classpath", System.getProperty("java.class.path")));
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("snippets");
            for (Map.Entry<String, SnippetClasses.ClassVersion> e : SnippetClasses.snapshot().entrySet()) {
                java.nio.file.Path p = dir.resolve(e.getKey().replace('.', '/') + ".class");
                java.nio.file.Files.createDirectories(p.getParent());
                java.nio.file.Files.write(p, e.getValue().bytes());
            }
            options.set(2, options.get(2) + java.io.File.pathSeparator + dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        boolean ok = javac.getTask(null, fm, diags, options, null, units).call();
        if (!ok) throw new IllegalStateException("compile failed: " + diags.getDiagnostics());
        Map<String, byte[]> result = new HashMap<>();
        outputs.forEach((k, v) -> result.put(k, v.toByteArray()));
        return result;
    }
}
