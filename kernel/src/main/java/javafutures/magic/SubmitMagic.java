package javafutures.magic;

import javafutures.eval.CellError;
import javafutures.eval.JShellEvaluator;
import javafutures.pools.Pools;
import javafutures.futures.TaskPool;

import java.util.List;
import java.util.Set;

/**
 * {@code %%thread}, {@code %%process} and {@code %%cluster}: submit the cell's body to a pool and return at
 * once. The body becomes the block of a lambda; if it ends with an expression, that is the future's value.
 * The cell shows the future's live status row; {@code VAR} binds the future in the notebook.
 */
public final class SubmitMagic extends ArgsMagic<MagicArgs> {
    /**
     * How to name, find and submit to the pools of one kind. {@code runnableType} is the functional interface
     * a void body is cast to (one whose lambda may throw checked exceptions, and for process pools one that
     * is serializable); {@code rule} is a sentence added to the help, or empty.
     */
    public record PoolKind(String magic, String poolClass, String defaultPoolExpression, String noun,
                           String runnableType, String rule) {
    }

    public static final PoolKind THREADS = new PoolKind("thread", "javafutures.futures.ThreadPool",
            "javafutures.pools.Pools.threads()", "thread pool", "javafutures.futures.CheckedRunnable", "");

    public static final PoolKind PROCESSES = new PoolKind("process", "javafutures.process.ProcessPool",
            "javafutures.pools.Pools.processes()", "process pool", "javafutures.process.SerializableRunnable",
            " The body runs in a worker JVM under the serializable rule: what it reads from the notebook travels"
                    + " by value, and an unserializable value fails at submit.");

    public static final PoolKind CLUSTER = new PoolKind("cluster", "javafutures.cluster.ClusterPool",
            "javafutures.pools.Pools.cluster()", "cluster pool", "javafutures.process.SerializableRunnable",
            " The body runs on a cluster member under the serializable rule (as %%process); the default cluster pool"
                    + " (Pools.cluster(): two member JVMs on this machine) starts on first use.");

    private final PoolKind kind;

    public SubmitMagic(PoolKind kind) {
        super(kind.magic(), "%%" + kind.magic() + " [VAR] [--pool NAME] [--name LABEL]",
                "Submits the cell's body to the default " + kind.noun() + " (or the one named by --pool) and "
                        + "returns at once, showing the future's live status. If the body ends with an expression, "
                        + "that is the future's value. VAR binds the future (a TaskFuture) in the notebook; --name "
                        + "labels it in status tables. The body runs as a lambda: declare methods, classes and "
                        + "records in an earlier cell." + kind.rule(), false, true);
        this.kind = kind;
    }

    @Override
    protected MagicArgs parse(MagicCall call) throws MagicUsageException {
        MagicArgs a = MagicArgs.parse(this, call.args(), Set.of("--pool", "--name"), Set.of());
        if (a.positional.size() > 1) {
            throw usageError("takes at most one variable name, got " + String.join(" ", a.positional));
        }
        a.checkNames(this);
        if (call.body() == null || call.body().isBlank()) throw usageError("the cell has no body to run");
        return a;
    }

    @Override
    protected Object run(MagicArgs a, MagicCall call, MagicContext context) throws Exception {
        String var = a.positional.isEmpty() ? null : a.positional.get(0);
        String label = a.options.getOrDefault("--name", var != null ? var : "cell " + context.executionCount());
        String pool = poolExpression(a.options.get("--pool"));
        String submit = pool + ".submit(" + MagicArgs.javaString(label) + ", ";
        String[] split = context.splitFinalExpression(call.body());
        String prefix = var == null ? "" : "var " + var + " = ";
        CellError first = null;
        for (String lambda : lambdas(call.body(), split, kind.runnableType())) {
            try {
                JShellEvaluator.Value submitted = context.eval(prefix + submit + lambda + ");");
                return var == null ? submitted : context.eval(var);
            } catch (CellError e) {
                if (!e.ename().equals("CompilationError")) throw e;
                if (first == null || lambda.contains("return null;")) first = e;
            }
        }
        throw first;
    }

    /** The ways to wrap the body, most specific first: returning its final expression, returning null, void. */
    private static List<String> lambdas(String body, String[] split, String runnableType) {
        String returning = split[1] == null ? null
                : "() -> {\n" + split[0] + "\nreturn (" + split[1] + ");\n}";
        String plain = "() -> {\n" + body + "\nreturn null;\n}";
        String runnable = "(" + runnableType + ") () -> {\n" + body + "\n}";
        String explicit = "() -> {\n" + body + "\n}"; // a body with its own return statements
        return returning == null ? List.of(plain, runnable, explicit) : List.of(returning, plain, runnable, explicit);
    }

    private String poolExpression(String name) throws MagicUsageException {
        if (name == null) return kind.defaultPoolExpression();
        TaskPool pool = Pools.byName(name);
        if (pool == null) throw usageError("there is no pool named '" + name + "'; %pool lists the pools");
        if (!pool.getClass().getName().equals(kind.poolClass())) {
            throw usageError("pool '" + name + "' is a " + pool.kind() + " pool, not a " + kind.noun());
        }
        return "((" + kind.poolClass() + ") javafutures.pools.Pools.byName(" + MagicArgs.javaString(name) + "))";
    }
}
