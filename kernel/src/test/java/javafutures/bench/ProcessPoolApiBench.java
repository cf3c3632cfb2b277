package javafutures.bench;

import javafutures.futures.TaskFuture;
import javafutures.process.ProcessPool;
import javafutures.process.WarmWorkers;
import javafutures.process.WorkerLauncher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The public {@link ProcessPool} on the measures of {@code bench/process_pool_python.py} (same names, same
 * layout: median ms, min, max), as a notebook would use it: {@code submit} returning {@code TaskFuture}s,
 * {@code map} as a stream. Plain main; {@code bench/process_pool_bench.py} runs it beside Python's
 * ProcessPoolExecutor (forkserver) and prints the ratios.
 */
public final class ProcessPoolApiBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cpus, ProcessPool(2), median of " + rounds);
        // As in the kernel: spare JVMs booted ahead, which a new pool adopts.
        WarmWorkers.shared().prestart(WorkerLauncher.forKernel(List.of()));
        awaitSpares();
        try (ProcessPool pool = new ProcessPool(2)) {
            for (int i = 0; i < 3; i++) trivial(pool, 5_000); // JIT both sides, as Python's run warms up too
            map(pool, 100_000, 100);
            report("round trip, one task (us)", rounds, () -> roundTrip(pool, 500) * 1000);
            report("2,000 trivial tasks, 2 warm workers", rounds, () -> trivial(pool, 2_000));
            report("10,000 trivial tasks, 2 warm workers", rounds, () -> trivial(pool, 10_000));
            report("map chunk 100 over 100,000 items", rounds, () -> map(pool, 100_000, 100));
        }
        report("pool start to first result (warm spares)", rounds, ProcessPoolApiBench::startToFirst);
        WarmWorkers.shared().setTarget(0);
        WarmWorkers.shared().clear();
        System.exit(0);
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

    static double trivial(ProcessPool pool, int n) {
        long t0 = System.nanoTime();
        List<TaskFuture<Integer>> fs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(pool.submit(() -> k + 1));
        }
        for (int i = 0; i < n; i++) {
            if (fs.get(i).result() != i + 1) throw new AssertionError();
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Milliseconds per task, one at a time. */
    static double roundTrip(ProcessPool pool, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) pool.submit(() -> 1).result();
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static double map(ProcessPool pool, int items, int chunk) {
        long t0 = System.nanoTime();
        List<Integer> all = new ArrayList<>(items);
        for (int i = 0; i < items; i++) all.add(i);
        long sum = pool.map((Integer x) -> x * 2, all, chunk).mapToLong(Integer::longValue).sum();
        if (sum != (long) items * (items - 1)) throw new AssertionError(sum);
        return (System.nanoTime() - t0) / 1e6;
    }

    static double startToFirst() throws Exception {
        awaitSpares();
        long t0 = System.nanoTime();
        double ms;
        try (ProcessPool pool = new ProcessPool(2)) {
            pool.submit(() -> 1).result();
            ms = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** Spares booted, warmed up and idle, as they are a few seconds after a kernel starts. */
    private static void awaitSpares() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (WarmWorkers.shared().ready() < 2 && System.nanoTime() < end) Thread.sleep(10);
        Thread.sleep(300);
    }
}
