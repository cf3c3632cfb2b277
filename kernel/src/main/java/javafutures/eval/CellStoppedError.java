package javafutures.eval;

/**
 * Thrown inside a cell's threads when the user interrupts the cell (the notebook's stop button). An
 * {@link Error}, so that {@code catch (Exception e)} in a user's loop does not swallow it.
 */
public final class CellStoppedError extends Error {
    public CellStoppedError() {
        super("the cell was interrupted", null, false, false);
    }
}
