package javafutures.futures;

/** When {@link Futures#waitFor} returns, like Python's {@code concurrent.futures.wait(return_when=...)}. */
public enum ReturnWhen {
    /** As soon as any future is done (finished, failed or cancelled). */
    FIRST_COMPLETED,
    /** As soon as any future fails; if none fails, when all are done. Cancellation is not a failure. */
    FIRST_EXCEPTION,
    /** When every future is done. */
    ALL_COMPLETED
}
