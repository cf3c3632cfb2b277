package javafutures.libraries;

import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The jars and class directories a notebook added, as one class loader over {@link KernelApiLoader}: in a
 * worker JVM or a cluster member it is the parent of the notebook's class loaders, so tasks find the
 * libraries and only the kernel's {@code javafutures.*} API besides the platform. Entries are only ever
 * appended (a loaded class cannot be unloaded), in the order the notebook added them. Thread-safe.
 */
public class LibraryLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    public LibraryLoader(String name) {
        super(name, new URL[0], KernelApiLoader.shared());
    }

    /** Appends a jar or a directory of classes; adding one already there changes nothing. */
    public void add(Path path) {
        URL url = toUrl(path);
        for (URL u : getURLs()) if (u.equals(url)) return;
        addURL(url);
    }

    static URL toUrl(Path path) {
        try {
            return path.toAbsolutePath().normalize().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
