package javafutures.magic;

import javafutures.eval.CellError;
import javafutures.eval.JShellEvaluator;

/** What the kernel lends a running magic. Used from the cell's thread only. */
public interface MagicContext {
    /** Evaluates Java code as a cell would, in the notebook's state. */
    JShellEvaluator.Value eval(String code) throws CellError;

    /** The code before a final expression and that expression (null if none); nothing is evaluated. */
    String[] splitFinalExpression(String code);

    /** The execution count of the running cell. */
    int executionCount();

    /** Every magic the kernel knows, by name. */
    MagicRegistry registry();
}
