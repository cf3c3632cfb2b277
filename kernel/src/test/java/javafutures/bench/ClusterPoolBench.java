package javafutures.bench;

import javafutures.cluster.ClusterPool;
import javafutures.process.CompletableTaskListener;
import javafutures.process.TaskCodec;
import javafutures.process.WorkerPool;
import javafutures.process.WorkerPoolConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * 2,000 trivial tasks on {@code ClusterPool.local(2)} against {@code ProcessPool(2)} in the same run, and
 * their ratio. Plain main, run by {@code bench/cluster_bench.sh [rounds]}; prints medians in ms. Where
 * {@code ProcessPool} is not built yet, its engine ({@code WorkerPool}, 2 workers) stands in and says so.
 */
public final class ClusterPoolBench {
    interface SCallable<T> extends Callable<T>, Serializable {
    }

    interface Measure {
        double run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int n = 2_000;
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cpus, median of " + rounds + " rounds of " + n + " trivial tasks");
        long t0 = System.nanoTime();
        double cluster;
        try (ClusterPool pool = ClusterPool.local(2)) {
            System.out.printf("%-45s %10.1f%n", "ClusterPool.local(2) start (ms)", (System.nanoTime() - t0) / 1e6);
            for (int i = 0; i < 3; i++) viaExecutor(pool, n); // JIT both sides
            cluster = report("ClusterPool.local(2)", rounds, () -> viaExecutor(pool, n));
            report("ClusterPool.local(2), one task round trip (us)", rounds, () -> roundTrip(pool, 200) * 1000);
        }
        double process;
        ExecutorService pp = processPool();
        if (pp != null) {
            try {
                for (int i = 0; i < 3; i++) viaExecutor(pp, n);
                process = report("ProcessPool(2)", rounds, () -> viaExecutor(pp, n));
            } finally {
                pp.shutdownNow(); // ExecutorService is AutoCloseable only from JDK 19
            }
        } else {
            try (WorkerPool pool = new WorkerPool(new WorkerPoolConfig().workers(2))) {
                for (int i = 0; i < 3; i++) viaWorkerPool(pool, n);
                process = report("WorkerPool(2) (ProcessPool's engine; no ProcessPool here)", rounds, () -> viaWorkerPool(pool, n));
            }
        }
        System.out.printf("%-45s %10.1f%n", "ratio cluster / process", cluster / process);
    }

    /** {@code new ProcessPool(2)} when the class exists in this build, else null. */
    private static ExecutorService processPool() {
        try {
            return (ExecutorService) Class.forName("javafutures.process.ProcessPool").getConstructor(int.class).newInstance(2);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static double report(String name, int rounds, Measure m) throws Exception {
        double[] t = new double[rounds];
        for (int i = 0; i < rounds; i++) t[i] = m.run();
        Arrays.sort(t);
        System.out.printf("%-45s %10.1f   (min %.1f, max %.1f)%n", name, t[rounds / 2], t[0], t[rounds - 1]);
        return t[rounds / 2];
    }

    static double viaExecutor(ExecutorService pool, int n) throws Exception {
        long t0 = System.nanoTime();
        List<Future<Integer>> fs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(pool.submit((SCallable<Integer>) () -> k + 1));
        }
        for (int i = 0; i < n; i++) if (fs.get(i).get(60, TimeUnit.SECONDS) != i + 1) throw new AssertionError();
        return (System.nanoTime() - t0) / 1e6;
    }

    static double roundTrip(ExecutorService pool, int n) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) pool.submit((SCallable<Integer>) () -> 1).get(60, TimeUnit.SECONDS);
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static double viaWorkerPool(WorkerPool pool, int n) throws Exception {
        long t0 = System.nanoTime();
        List<CompletableTaskListener> ls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            CompletableTaskListener l = new CompletableTaskListener();
            pool.submit(TaskCodec.prepare((SCallable<Integer>) () -> k + 1), l);
            ls.add(l);
        }
        for (int i = 0; i < n; i++) if ((Integer) ls.get(i).future().get(60, TimeUnit.SECONDS) != i + 1) throw new AssertionError();
        return (System.nanoTime() - t0) / 1e6;
    }
}
