package javafutures.magic;

import javafutures.eval.CellError;
import javafutures.eval.JShellEvaluator;
import javafutures.futures.Futures;
import javafutures.pools.Pools;
import javafutures.futures.ReturnWhen;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskPool;
import javafutures.table.LiveTable;
import javafutures.timeline.LiveTimeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code %futures}, {@code %wait}, {@code %cancel} and {@code %pool}: looking at and steering futures and pools. */
public final class FutureMagics {
    private FutureMagics() {
    }

    /**
     * The futures named by notebook variables: each variable holds a {@link TaskFuture} or a collection,
     * array or map of them.
     */
    static List<TaskFuture<?>> resolve(AbstractMagic magic, MagicContext context, List<String> names) throws MagicUsageException {
        Set<TaskFuture<?>> out = new LinkedHashSet<>();
        for (String name : names) {
            MagicArgs.checkIdentifier(magic, name);
            Object value;
            try {
                JShellEvaluator.Value v = context.eval(name);
                value = v == null ? null : v.value();
            } catch (CellError e) {
                throw magic.usageError("there is no variable named '" + name + "'");
            }
            if (!collect(value, out)) {
                throw magic.usageError("'" + name + "' is not a future (or a collection of futures): "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean collect(Object value, Set<TaskFuture<?>> out) {
        if (value instanceof TaskFuture) {
            out.add((TaskFuture<?>) value);
            return true;
        }
        Collection<?> items = value instanceof Collection ? (Collection<?>) value
                : value instanceof Map ? ((Map<?, ?>) value).values()
                : value instanceof Object[] ? List.of((Object[]) value) : null;
        if (items == null || items.isEmpty()) return false;
        for (Object item : items) {
            if (!(item instanceof TaskFuture)) return false;
        }
        for (Object item : items) out.add((TaskFuture<?>) item);
        return true;
    }

    /**
     * Shows the futures named by {@code vars} (every future of the kernel if none) as a live table or timeline
     * under the current cell, or says there are none yet.
     */
    static void show(AbstractMagic magic, MagicContext context, List<String> vars, boolean timeline) throws MagicUsageException {
        List<TaskFuture<?>> futures = vars.isEmpty() ? Pools.futures() : resolve(magic, context, vars);
        if (futures.isEmpty()) {
            System.out.println("No futures yet: submit a task, e.g. with %%thread or pool.submit(...).");
        } else if (timeline) {
            LiveTimeline.of(futures).show();
        } else {
            LiveTable.of(futures).show();
        }
    }

    /** {@code %futures [VAR...] [--timeline]}. */
    public static final class FuturesMagic extends ArgsMagic<MagicArgs> {
        public FuturesMagic() {
            super("futures", "%futures [VAR...] [--timeline]",
                    "Shows a live status table of every future this kernel has made, or of the futures held "
                            + "by the named variables. It updates in place until they have all finished. With "
                            + "--timeline, shows them as a timeline instead (see %timeline?).", true, false);
        }

        @Override
        protected MagicArgs parse(MagicCall call) throws MagicUsageException {
            return MagicArgs.parse(this, call.args(), Set.of(), Set.of("--timeline")).checkNames(this);
        }

        @Override
        protected Object run(MagicArgs a, MagicCall call, MagicContext context) throws MagicUsageException {
            show(this, context, a.positional, a.options.containsKey("--timeline"));
            return null;
        }
    }

    /** {@code %wait [VAR...] [--timeout SECONDS]}. */
    public static final class WaitMagic extends ArgsMagic<WaitMagic.Args> {
        /** The futures' variable names (none: every future of the kernel) and the timeout, or null for none. */
        record Args(List<String> names, Duration timeout) {
        }

        public WaitMagic() {
            super("wait", "%wait [VAR...] [--timeout SECONDS]",
                    "Waits until the named futures (or every future of the kernel) are done, or the timeout "
                            + "passes, then says how many finished, failed or are still running. The stop button "
                            + "ends the wait; the tasks go on.", true, false);
        }

        @Override
        protected Args parse(MagicCall call) throws MagicUsageException {
            MagicArgs a = MagicArgs.parse(this, call.args(), Set.of("--timeout"), Set.of());
            Duration timeout = a.options.containsKey("--timeout")
                    ? Duration.ofMillis((long) (MagicArgs.seconds(this, "--timeout", a.options.get("--timeout")) * 1000))
                    : null;
            return new Args(a.checkNames(this).positional, timeout);
        }

        @Override
        protected Object run(Args a, MagicCall call, MagicContext context) throws Exception {
            List<TaskFuture<?>> futures = a.names().isEmpty() ? Pools.futures() : resolve(this, context, a.names());
            Duration timeout = a.timeout();
            Futures.DoneAndNotDone<TaskFuture<?>> r = timeout == null
                    ? Futures.waitFor(futures, ReturnWhen.ALL_COMPLETED)
                    : Futures.waitFor(futures, ReturnWhen.ALL_COMPLETED, timeout);
            long failed = r.done().stream().filter(f -> f.state() == javafutures.futures.TaskState.FAILED).count();
            long cancelled = r.done().stream().filter(TaskFuture::cancelled).count();
            StringBuilder sb = new StringBuilder();
            sb.append(r.done().size()).append(" of ").append(futures.size()).append(" done");
            if (failed > 0) sb.append(", ").append(failed).append(" failed");
            if (cancelled > 0) sb.append(", ").append(cancelled).append(" cancelled");
            if (!r.notDone().isEmpty()) sb.append("; timed out with ").append(r.notDone().size()).append(" not done");
            System.out.println(sb);
            return null;
        }
    }

    /** {@code %cancel VAR... | --all}. */
    public static final class CancelMagic extends ArgsMagic<MagicArgs> {
        public CancelMagic() {
            super("cancel", "%cancel VAR... | %cancel --all",
                    "Cancels the named futures (or all of this kernel's with --all). A task that has not started "
                            + "will not run; a running thread task is interrupted; a running process task's worker "
                            + "is ended and replaced.", true, false);
        }

        @Override
        protected MagicArgs parse(MagicCall call) throws MagicUsageException {
            MagicArgs a = MagicArgs.parse(this, call.args(), Set.of(), Set.of("--all"));
            boolean all = a.options.containsKey("--all");
            if (all == !a.positional.isEmpty()) throw usageError(all ? "--all takes no variable names" : "name the futures to cancel, or --all");
            return a.checkNames(this);
        }

        @Override
        protected Object run(MagicArgs a, MagicCall call, MagicContext context) throws Exception {
            List<TaskFuture<?>> futures = a.positional.isEmpty() ? Pools.futures() : resolve(this, context, a.positional);
            int cancelled = 0;
            int alreadyDone = 0;
            for (TaskFuture<?> f : futures) {
                if (f.done()) alreadyDone++;
                else if (f.cancel(true)) cancelled++;
            }
            System.out.println("cancelled " + cancelled + " of " + futures.size()
                    + (alreadyDone > 0 ? " (" + alreadyDone + " had already finished)" : ""));
            return null;
        }
    }

    /** {@code %pool}, {@code %pool threads N}, {@code %pool processes N}, {@code %pool cluster N}. */
    public static final class PoolMagic extends ArgsMagic<PoolMagic.Resize> {
        /** {@code %pool KIND N}: resize the default pool of that kind to N workers. */
        record Resize(String kind, int workers) {
        }

        public PoolMagic() {
            super("pool", "%pool  |  %pool threads N  |  %pool processes N  |  %pool cluster N",
                    "Lists the pools of this kernel: workers (thread names or pids), queued, running and "
                            + "finished tasks. With a kind and a number, resizes the default pool of that kind.", true, false);
        }

        /** Null for a plain {@code %pool}. */
        @Override
        protected Resize parse(MagicCall call) throws MagicUsageException {
            List<String> a = call.args();
            if (a.isEmpty()) return null;
            if (a.size() != 2 || !(a.get(0).equals("threads") || a.get(0).equals("processes") || a.get(0).equals("cluster"))) {
                throw usageError("expected no arguments, or 'threads N', 'processes N' or 'cluster N', got '" + call.rawArgs() + "'");
            }
            return new Resize(a.get(0), MagicArgs.positiveInt(this, "the number of workers", a.get(1)));
        }

        @Override
        protected Object run(Resize resize, MagicCall call, MagicContext context) throws Exception {
            if (resize != null) {
                switch (resize.kind()) {
                    case "threads" -> Pools.resizeThreads(resize.workers());
                    case "processes" -> Pools.resizeProcesses(resize.workers());
                    default -> Pools.resizeCluster(resize.workers());
                }
            }
            List<TaskPool> pools = Pools.pools();
            if (pools.isEmpty()) System.out.println("No pools yet; Pools.threads() and %%thread, Pools.processes() and %%process, Pools.cluster() and %%cluster create the default ones.");
            for (TaskPool p : pools) {
                System.out.println(p.describe());
                List<String> workers = p.workerNames();
                if (!workers.isEmpty()) System.out.println("    workers: " + String.join(", ", workers));
            }
            return null;
        }
    }
}
