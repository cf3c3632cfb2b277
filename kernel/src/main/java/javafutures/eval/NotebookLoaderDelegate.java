package javafutures.eval;

import javafutures.libraries.LibraryLoader;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where JShell's local engine defines the notebook's classes, in place of the JDK's default (whose loader's
 * parent is the kernel's whole class path): one {@link SnippetLoader} holding the snippet classes and the
 * jars the notebook added, over {@link javafutures.libraries.KernelApiLoader}, so cells see the platform,
 * the kernel's {@code javafutures.*} API and what the notebook added, never the kernel's own libraries.
 *
 * <p>The kernel's class path is given to JShell too (cells compile against the API), but only to its
 * compiler: {@link #addToClasspath} skips those entries, whose API classes the parent already serves.
 * Called by JShell from the kernel's shell thread; {@link #findClass} from any thread.
 */
final class NotebookLoaderDelegate implements LoaderDelegate {
    private final SnippetLoader loader = new SnippetLoader();
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final Set<Path> compileOnly;

    /** @param kernelClasspath the kernel's own class path entries: compile-time only */
    NotebookLoaderDelegate(Set<String> kernelClasspath) {
        this.compileOnly = ConcurrentHashMap.newKeySet();
        for (String p : kernelClasspath) compileOnly.add(normalize(p));
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes c : cbcs) loader.declare(c.name(), c.bytecodes());
        for (int i = 0; i < cbcs.length; i++) {
            try {
                Class<?> c = Class.forName(cbcs[i].name(), false, loader);
                classes.put(cbcs[i].name(), c);
                installed[i] = true;
                c.getDeclaredMethods(); // links it now, so a broken class fails here and not at first use
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ClassInstallException("could not load " + cbcs[i].name() + ": " + e, installed);
            }
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes c : cbcs) loader.declare(c.name(), c.bytecodes());
    }

    @Override
    public void addToClasspath(String path) {
        for (String p : path.split(File.pathSeparator)) {
            if (p.isBlank() || compileOnly.contains(normalize(p))) continue;
            loader.add(Path.of(p));
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = classes.get(name);
        if (c == null) throw new ClassNotFoundException(name + " is not a class of this notebook");
        return c;
    }

    private static Path normalize(String p) {
        return Path.of(p).toAbsolutePath().normalize();
    }

    /**
     * Snippet classes, defined lazily from their bytes (they refer to each other), then the notebook's
     * jars. A snippet class's bytes are also readable as a resource ({@code REPL/$JShell$12.class}), as
     * tools that read class files through the loader expect.
     *
     * <p>The bytes given to {@link #declare} (woven with stop checks) are let go once their class is
     * defined: a session defines several classes per cell, and JShell and {@link SnippetClasses} already
     * keep the original bytes of each, which are what the resource then serves (the class as the cell's
     * source compiled it, without the kernel's stop checks).
     */
    static final class SnippetLoader extends LibraryLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        SnippetLoader() {
            super("notebook");
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.get(name);
            if (bytes == null) return super.findClass(name);
            Class<?> c = defineClass(name, bytes, 0, bytes.length);
            declared.remove(name, bytes); // defined once: the loader's lock for name is held
            return c;
        }

        @Override
        public URL findResource(String name) {
            if (name.endsWith(".class")) {
                String binaryName = name.substring(0, name.length() - 6).replace('/', '.');
                byte[] bytes = declared.get(binaryName);
                // SnippetClasses holds one JShell's classes: this loader's, once it defined one of them
                SnippetClasses.ClassVersion defined = bytes == null && SnippetClasses.loader() == this
                        ? SnippetClasses.get(binaryName) : null;
                if (defined != null) bytes = defined.bytes();
                if (bytes != null) return bytesUrl(name, bytes);
            }
            return super.findResource(name);
        }

        private static URL bytesUrl(String name, byte[] bytes) {
            try {
                return new URL(null, "jshell:" + name, new URLStreamHandler() {
                    @Override
                    protected URLConnection openConnection(URL u) {
                        return new URLConnection(u) {
                            @Override
                            public void connect() {
                            }

                            @Override
                            public InputStream getInputStream() {
                                return new ByteArrayInputStream(bytes);
                            }
                        };
                    }
                });
            } catch (MalformedURLException e) {
                return null;
            }
        }
    }
}
