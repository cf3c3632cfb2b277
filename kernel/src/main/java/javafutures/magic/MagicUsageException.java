package javafutures.magic;

/** A magic line that cannot run as written: unknown magic, bad option, missing argument. */
public final class MagicUsageException extends Exception {
    public MagicUsageException(String message) {
        super(message, null, false, false);
    }
}
