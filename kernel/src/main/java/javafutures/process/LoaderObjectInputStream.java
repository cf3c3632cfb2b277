package javafutures.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * An {@link ObjectInputStream} that resolves classes through a given loader (the notebook's snippet loader,
 * or a worker's loader for one class-set version) and applies {@link SerialLimits}. Not thread-safe.
 */
public final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    public LoaderObjectInputStream(InputStream in, ClassLoader loader, long maxBytes) throws IOException {
        super(in);
        this.loader = loader;
        setObjectInputFilter(SerialLimits.filter(maxBytes));
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        try {
            return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
            return super.resolveClass(desc); // primitives and their arrays
        }
    }
}
