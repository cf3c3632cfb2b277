package javafutures.libraries;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of every class loader that runs notebook code: cells in the kernel, tasks in worker JVMs and
 * cluster members. It shows the Java platform, plus the kernel's own {@code javafutures.*} classes (so that a
 * cell and the kernel share one {@code ThreadPool}, {@code TaskFuture}, {@code Display}), and nothing else of
 * the kernel's class path: neither its libraries (relocated under {@code javafutures.internal.shaded} in the
 * kernel jar) nor its resources (Hazelcast's XML files, {@code META-INF/services}, Maven metadata). So a
 * library the notebook adds is the only one of its name that notebook code can find, and a kernel library
 * can never shadow it.
 *
 * <p>Defines no class itself: a kernel class found here is the kernel's own {@code Class}. Thread-safe.
 */
public final class KernelApiLoader extends ClassLoader {
    /** Kernel packages notebook code must not reach: the relocated libraries. */
    private static final String HIDDEN = "javafutures.internal.";
    private static final KernelApiLoader SHARED = new KernelApiLoader(KernelApiLoader.class.getClassLoader());

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader kernel;

    KernelApiLoader(ClassLoader kernel) {
        super("java-futures-api", ClassLoader.getPlatformClassLoader());
        this.kernel = kernel;
    }

    /** The one instance of this JVM, over the loader of the kernel's classes. */
    public static KernelApiLoader shared() {
        return SHARED;
    }

    /** True for a class name notebook code may see from the kernel's class path. */
    public static boolean visible(String className) {
        return className.startsWith("javafutures.") && !className.startsWith(HIDDEN);
    }

    private static boolean visibleResource(String name) {
        return name.startsWith("javafutures/") && !name.startsWith("javafutures/internal/");
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (visible(name)) return kernel.loadClass(name);
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        return visibleResource(name) ? kernel.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return visibleResource(name) ? kernel.getResources(name) : Collections.emptyEnumeration();
    }
}
