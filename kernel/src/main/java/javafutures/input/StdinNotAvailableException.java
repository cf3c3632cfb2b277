package javafutures.input;

/**
 * Reading {@code System.in} could not ask the front end for input: it does not accept input
 * ({@code allow_stdin} false, as in nbconvert, nbclient and papermill), the cell the reading thread
 * belongs to has finished, or the wait was interrupted. Unchecked, so that {@code Scanner}, which turns
 * an {@code IOException} into a bare "No line found", lets the reason through.
 */
public class StdinNotAvailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StdinNotAvailableException(String message) {
        super(message);
    }
}
