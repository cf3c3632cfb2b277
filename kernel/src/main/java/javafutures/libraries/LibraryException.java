package javafutures.libraries;

/**
 * A library could not be added: an artifact not found, a repository unreachable, a version conflict with a
 * library already loaded, a jar path that does not exist. Its message is written for the notebook's user:
 * what failed, where the kernel looked, and what to do.
 */
public final class LibraryException extends Exception {
    public LibraryException(String message) {
        super(message, null, false, false);
    }
}
