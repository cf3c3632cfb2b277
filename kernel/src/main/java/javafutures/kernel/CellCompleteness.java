package javafutures.kernel;

import javafutures.eval.CodeAssist;
import javafutures.eval.CodeAssist.IsComplete;
import javafutures.magic.CellParser;

import java.util.function.Supplier;

/**
 * {@code is_complete} for a whole cell, which is how {@code jupyter console} decides whether Enter runs
 * the cell or starts a new line:
 * <ul>
 *   <li>a cell magic follows IPython: it needs a body, and it ends at a blank line (so a body may hold
 *       several lines, and need not be Java); {@code %%name?} asks for help and is complete;</li>
 *   <li>otherwise the cell's Java, its line-magic lines set aside, is asked of JShell; while JShell is
 *       still starting, the text alone answers (open brackets, a trailing operator), since the console
 *       gives up on a kernel that takes a second to answer and never asks it again.</li>
 * </ul>
 * Stateless.
 */
final class CellCompleteness {
    private CellCompleteness() {
    }

    /** @param jshell JShell's analysis once it has started, else null */
    static IsComplete check(String cell, Supplier<CodeAssist> jshell) {
        if (cell.isBlank()) return IsComplete.COMPLETE;
        CellParser.Shape shape = CellParser.shape(cell);
        if (shape.cellMagicHead() != null) {
            String name = shape.cellMagicHead().strip().split("\\s+", 2)[0];
            if (name.endsWith("?")) return IsComplete.COMPLETE;
            String[] lines = cell.split("\n", -1);
            if (shape.body().isBlank() || !lines[lines.length - 1].isBlank()) {
                return new IsComplete("incomplete", "");
            }
            return IsComplete.COMPLETE;
        }
        if (shape.java().isBlank()) return IsComplete.COMPLETE;
        CodeAssist assist = jshell.get();
        return assist != null ? assist.isComplete(shape.java()) : CodeAssist.isCompleteByText(shape.java());
    }
}
