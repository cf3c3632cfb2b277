package javafutures.kernel;

import javafutures.display.Renderer;
import javafutures.eval.CellError;
import javafutures.eval.CellThreads;
import javafutures.eval.JShellEvaluator;
import javafutures.pools.Pools;
import javafutures.input.CellInput;
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

import java.util.ArrayList;
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

    /**
     * Runs a cell. {@code allowStdin}: the request lets the kernel ask for input ({@code System.in} reads
     * fail with a clear error otherwise).
     */
    Result run(String code, CellTarget target, boolean silent, boolean allowStdin) throws CellError {
        OutputRouter router = OutputRouter.get();
        OutputRouter.setCurrent(target);
        CellThreads.beginExecution();
        CellInput.begin(target, allowStdin);
        try {
            return runParts(code, target, silent, router);
        } catch (CellError e) {
            throw withTasksLeftRunning(e, target);
        } finally {
            evaluator.setOrigin(0, 1);
            CellInput.end();
            FutureTables.flushFinishedTables();
            CellThreads.endExecution();
            if (router != null) router.flush(target);
            OutputRouter.setCurrent(null);
        }
    }

    private Result runParts(String code, CellTarget target, boolean silent, OutputRouter router) throws CellError {
        List<CellParser.Part> parts;
        try {
            parts = parser.parse(code);
        } catch (MagicUsageException e) {
            throw new CellError("UsageError", e.getMessage(), List.of("\u001b[0;31mUsageError\u001b[0m: " + e.getMessage()));
        }
        Object value = null;
        boolean hasValue = false;
        for (CellParser.Part part : parts) {
            // A silent execution has no count of its own: its snippets are not named by cell.
            evaluator.setOrigin(silent ? 0 : executionCount, part.line());
            if (part.isMagic()) {
                Object v = runMagic(part.magic());
                hasValue = v != null;
                value = v instanceof JShellEvaluator.Value ? ((JShellEvaluator.Value) v).value() : v;
                if (v instanceof JShellEvaluator.Value) hasValue = true;
            } else {
                JShellEvaluator.Value v = evaluator.eval(part.code());
                hasValue = v != null && !v.quiet(); // a trailing ';' hides the value, as in IPython
                value = v == null ? null : v.value();
            }
        }
        if (router != null) router.flush(target);
        if (!hasValue || silent) return new Result(null);
        DisplayData data = ResultDisplay.render(value);
        if (data == null) return new Result(null);
        target.publish(new PublishExecuteResult(executionCount, data));
        return new Result(Renderer.plainText(value));
    }

    /**
     * An interrupted cell's error, plus how many tasks it submitted still run or wait (an interrupt stops the
     * cell, not its tasks), when there are any.
     */
    private static CellError withTasksLeftRunning(CellError e, CellTarget target) {
        if (!e.ename().startsWith("Interrupted")) return e;
        long left = Pools.futures().stream().filter(f -> f.submittedFrom(target) && !f.done()).count();
        if (left == 0) return e;
        List<String> lines = new ArrayList<>(e.traceback());
        lines.add(left == 1
                ? "1 task this cell submitted to a pool is still running or queued; %cancel VAR or future.cancel() stops it."
                : left + " tasks this cell submitted to pools are still running or queued; %cancel VAR (or future.cancel()) "
                  + "stops one, %cancel --all stops them all.");
        return new CellError(e.ename(), e.evalue(), lines);
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
