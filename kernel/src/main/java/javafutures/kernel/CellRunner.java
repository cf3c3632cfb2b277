package javafutures.kernel;

import javafutures.display.Renderer;
import javafutures.eval.CellError;
import javafutures.eval.CellThreads;
import javafutures.eval.JShellEvaluator;
import javafutures.magic.CellParser;
import javafutures.magic.MagicCall;
import javafutures.magic.MagicContext;
import javafutures.magic.MagicRegistry;
import javafutures.magic.MagicUsageException;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import javafutures.table.FutureTables;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;

import java.util.List;

/**
 * Runs one cell: parses it into code and magics (all magics checked before anything runs), evaluates
 * the parts in order with the cell's output target current, then publishes the cell's value as its
 * {@code execute_result}. Used from the shell thread only.
 */
final class CellRunner implements MagicContext {
    /** What the history keeps of a cell's result. */
    record Result(String plainText) {
    }

    private final JShellEvaluator evaluator;
    private final MagicRegistry magics;
    private final CellParser parser;
    private int executionCount;

    CellRunner(JShellEvaluator evaluator, MagicRegistry magics) {
        this.evaluator = evaluator;
        this.magics = magics;
        this.parser = new CellParser(magics);
    }

    int nextExecutionCount(boolean store) {
        if (store) executionCount++;
        return Math.max(1, executionCount);
    }

    Result run(String code, CellTarget target, boolean silent) throws CellError {
        OutputRouter router = OutputRouter.get();
        OutputRouter.setCurrent(target);
        CellThreads.beginExecution();
        try {
            List<CellParser.Part> parts;
            try {
                parts = parser.parse(code);
            } catch (MagicUsageException e) {
                throw new CellError("UsageError", e.getMessage(), List.of("\u001b[0;31mUsageError\u001b[0m: " + e.getMessage()));
            }
            Object value = null;
            boolean hasValue = false;
            for (CellParser.Part part : parts) {
                if (part.isMagic()) {
                    Object v = runMagic(part.magic());
                    hasValue = v != null;
                    value = v instanceof JShellEvaluator.Value ? ((JShellEvaluator.Value) v).value() : v;
                    if (v instanceof JShellEvaluator.Value) hasValue = true;
                } else {
                    JShellEvaluator.Value v = evaluator.eval(part.code());
                    hasValue = v != null;
                    value = v == null ? null : v.value();
                }
            }
            if (router != null) router.flush(target);
            if (!hasValue || silent) return new Result(null);
            DisplayData data = ResultDisplay.render(value);
            if (data == null) return new Result(null);
            target.publish(new PublishExecuteResult(executionCount, data));
            return new Result(Renderer.plainText(value));
        } finally {
            FutureTables.flushFinishedTables();
            CellThreads.endExecution();
            if (router != null) router.flush(target);
            OutputRouter.setCurrent(null);
        }
    }

    private Object runMagic(MagicCall call) throws CellError {
        try {
            return CellThreads.run(() -> magics.find(call.name()).run(call, this), null);
        } catch (CellThreads.StoppedException e) {
            throw new CellError("Interrupted", e.getMessage(), List.of("\u001b[0;31mInterrupted\u001b[0m: " + call.display() + " was stopped"));
        } catch (CellError e) {
            throw e;
        } catch (MagicUsageException e) {
            throw new CellError("UsageError", e.getMessage(), List.of("\u001b[0;31mUsageError\u001b[0m: " + e.getMessage()));
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new CellError(e.getClass().getSimpleName(), msg,
                    List.of("\u001b[0;31m" + e.getClass().getName() + "\u001b[0m in " + call.display() + ": " + msg));
        }
    }

    @Override
    public JShellEvaluator.Value eval(String code) throws CellError {
        return evaluator.eval(code);
    }

    @Override
    public String[] splitFinalExpression(String code) {
        return evaluator.splitFinalExpression(code);
    }

    @Override
    public int executionCount() {
        return executionCount;
    }

    @Override
    public MagicRegistry registry() {
        return magics;
    }
}
