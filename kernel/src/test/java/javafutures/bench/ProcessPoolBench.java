package javafutures.bench;

import javafutures.process.CompletableTaskListener;
import javafutures.process.MapChunk;
import javafutures.process.TaskCodec;
import javafutures.process.WarmWorkers;
import javafutures.process.WorkerLauncher;
import javafutures.process.WorkerPool;
import javafutures.process.WorkerPoolConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Process-pool benchmark, the same measures as {@code bench/process_pool_python.py}. Plain main: run with
 * {@code java -cp <kernel test classpath> javafutures.bench.ProcessPoolBench [rounds]}. Prints medians in ms.
 */
public final class ProcessPoolBench {
    interface SCallable<T> extends Callable<T>, Serializable {
    }

    interface SFunction<T, R> extends Function<T, R>, Serializable {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cpus, median of " + rounds);
        WarmWorkers.shared().prestart(WorkerLauncher.forKernel(List.of()));
        try (WorkerPool pool = new WorkerPool(new WorkerPoolConfig().workers(2))) {
            for (int i = 0; i < 3; i++) trivial(pool, 5_000); // boot and JIT both sides
            if (Boolean.getBoolean("bench.startOnly")) {
                report("pool start to first result (warm spares)", rounds, () -> startToFirst(true));
                return;
            }
            if (Boolean.getBoolean("bench.mapOnly")) {
                report("map chunk 100 over 100,000 items", rounds, () -> map(pool, 100_000, 100));
                return;
            }
            report("round trip, one task (us)", rounds, () -> roundTrip(pool, 500) * 1000);
            report("2,000 trivial tasks, 2 warm workers", rounds, () -> trivial(pool, 2_000));
            report("10,000 trivial tasks, 2 warm workers", rounds, () -> trivial(pool, 10_000));
            report("map chunk 100 over 100,000 items", rounds, () -> map(pool, 100_000, 100));
        }
        report("pool start to first result (warm spares)", rounds, () -> startToFirst(true));
        report("pool start to first result (cold JVMs)", Math.min(rounds, 3), () -> startToFirst(false));
        WarmWorkers.shared().setTarget(0);
    }

    interface Measure {
        double run() throws Exception;
    }

    static void report(String name, int rounds, Measure m) throws Exception {
        double[] t = new double[rounds];
        for (int i = 0; i < rounds; i++) t[i] = m.run();
        Arrays.sort(t);
        System.out.printf("%-45s %10.1f   (min %.1f, max %.1f)%n", name, t[rounds / 2], t[0], t[rounds - 1]);
    }

    static double trivial(WorkerPool pool, int n) throws Exception {
        long t0 = System.nanoTime();
        List<CompletableTaskListener> ls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            CompletableTaskListener l = new CompletableTaskListener();
            pool.submit(TaskCodec.prepare((SCallable<Integer>) () -> k + 1), l);
            ls.add(l);
        }
        for (int i = 0; i < n; i++) {
            if ((Integer) ls.get(i).future().get(60, TimeUnit.SECONDS) != i + 1) throw new AssertionError();
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Milliseconds per task, one at a time. */
    static double roundTrip(WorkerPool pool, int n) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CompletableTaskListener l = new CompletableTaskListener();
            pool.submit(TaskCodec.prepare((SCallable<Integer>) () -> 1), l);
            l.future().get(60, TimeUnit.SECONDS);
        }
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static double map(WorkerPool pool, int items, int chunk) throws Exception {
        long t0 = System.nanoTime();
        List<Integer> all = new ArrayList<>(items);
        for (int i = 0; i < items; i++) all.add(i);
        SFunction<Integer, Integer> fn = x -> x * 2;
        List<CompletableTaskListener> ls = new ArrayList<>();
        for (int i = 0; i < items; i += chunk) {
            CompletableTaskListener l = new CompletableTaskListener();
            pool.submit(TaskCodec.prepare(new MapChunk<>(fn, all.subList(i, Math.min(items, i + chunk)))), l);
            ls.add(l);
        }
        long sum = 0;
        for (CompletableTaskListener l : ls) {
            for (Object o : (List<?>) l.future().get(60, TimeUnit.SECONDS)) sum += (Integer) o;
        }
        if (sum != (long) items * (items - 1)) throw new AssertionError(sum);
        return (System.nanoTime() - t0) / 1e6;
    }

    static double startToFirst(boolean warm) throws Exception {
        WarmWorkers spares = warm ? WarmWorkers.shared() : null;
        if (warm) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (spares.ready() < 2 && System.nanoTime() < end) Thread.sleep(10);
            Thread.sleep(300); // spares booted, warmed up and idle
        }
        long t0 = System.nanoTime();
        WorkerPool pool = new WorkerPool(new WorkerPoolConfig().workers(2).spares(spares));
        CompletableTaskListener l = new CompletableTaskListener();
        pool.submit(TaskCodec.prepare((SCallable<Integer>) () -> 1), l);
        l.future().get(60, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - t0) / 1e6;
        pool.close();
        return ms;
    }
}
