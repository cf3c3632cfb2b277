package javafutures.bench;

import javafutures.futures.ThreadPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * 20,000 trivial tasks through {@code ThreadPool(2)} against a raw {@code Executors.newFixedThreadPool(2)},
 * in the same JVM, alternating, after warm-up rounds; prints the median time of each and the ratios.
 * Submit everything, then wait for every result, with a fresh pool per round (its creation and close are
 * included, as in a notebook cell). Also prints the process CPU time of all rounds, and, since wall times
 * on a shared machine move with its load, the cost of the two halves in isolation: submitting to a pool
 * whose worker is busy, and running a queue filled beforehand (best of many rounds, ns per task).
 * Not a unit test: after {@code mvn test-compile}, run
 * {@code java -cp kernel/target/classes:kernel/target/test-classes:<jjava, gson jars> javafutures.bench.ThreadPoolBench [rounds]}.
 */
public final class ThreadPoolBench {
    static final int TASKS = 20_000;
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 41;
        int warmup = 10;
        long[] ours = new long[rounds];
        long[] raw = new long[rounds];
        long[] oursCpu = new long[rounds];
        long[] rawCpu = new long[rounds];
        for (int r = -warmup; r < rounds; r++) {
            // Alternate which goes first so that neither always runs on a warmer JVM.
            long[] a;
            long[] b;
            if ((r & 1) == 0) {
                a = run(() -> new ThreadPool(2));
                b = run(() -> Executors.newFixedThreadPool(2));
            } else {
                b = run(() -> Executors.newFixedThreadPool(2));
                a = run(() -> new ThreadPool(2));
            }
            if (r >= 0) {
                ours[r] = a[0];
                raw[r] = b[0];
                oursCpu[r] = a[1];
                rawCpu[r] = b[1];
            }
        }
        double mOurs = median(ours) / 1e6;
        double mRaw = median(raw) / 1e6;
        // Rounds run in adjacent pairs under the same machine load, so the median of the per-pair ratios
        // and the ratio of the best rounds are steadier than the ratio of medians on a busy machine.
        double[] pairs = new double[rounds];
        for (int i = 0; i < rounds; i++) pairs[i] = (double) ours[i] / raw[i];
        Arrays.sort(pairs);
        double pairMedian = pairs[rounds / 2];
        double best = (double) Arrays.stream(ours).min().orElseThrow() / Arrays.stream(raw).min().orElseThrow();
        System.out.printf("%d tasks x %d rounds (after %d warm-up), Java %s, %d processors%n", TASKS, rounds, warmup,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.printf("ThreadPool(2)                 median %8.2f ms  best %8.2f ms%n", mOurs,
                Arrays.stream(ours).min().orElseThrow() / 1e6);
        System.out.printf("Executors.newFixedThreadPool  median %8.2f ms  best %8.2f ms%n", mRaw,
                Arrays.stream(raw).min().orElseThrow() / 1e6);
        System.out.printf("ratio ThreadPool / raw        %.2fx (medians), %.2fx (median of paired rounds), %.2fx (best rounds)%n",
                mOurs / mRaw, pairMedian, best);
        // CPU time of the whole process per round: what the work costs, whatever else runs on the machine.
        // (Summed over the rounds: the OS counts CPU time in coarse ticks.)
        long oc = Arrays.stream(oursCpu).sum();
        long rc = Arrays.stream(rawCpu).sum();
        System.out.printf("CPU time, all rounds          ThreadPool %.0f ms, raw %.0f ms: %.2fx%n", oc / 1e6, rc / 1e6, (double) oc / rc);
        double[] halves = halves(100);
        System.out.printf("submit only (worker busy)     ThreadPool %.0f ns/task, raw %.0f ns/task%n", halves[0], halves[1]);
        System.out.printf("run only (queue filled first) ThreadPool %.0f ns/task, raw %.0f ns/task%n", halves[2], halves[3]);
    }

    /** Best-of-{@code rounds} costs per task of submitting and of running, ours and raw, on one worker. */
    private static double[] halves(int rounds) throws Exception {
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                boolean ours = (r + k) % 2 == 0;
                ExecutorService pool = ours ? new ThreadPool(1) : Executors.newFixedThreadPool(1);
                java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
                pool.submit(() -> {
                    gate.await();
                    return 0;
                });
                Thread.sleep(1);
                List<Future<Integer>> futures = new ArrayList<>(TASKS);
                long t0 = System.nanoTime();
                for (int i = 0; i < TASKS; i++) {
                    int n = i;
                    Callable<Integer> task = () -> n;
                    futures.add(pool.submit(task));
                }
                long submit = System.nanoTime() - t0;
                java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
                pool.execute(end::countDown);
                long t1 = System.nanoTime();
                gate.countDown();
                end.await();
                long run = System.nanoTime() - t1;
                pool.shutdown();
                if (!pool.awaitTermination(1, TimeUnit.MINUTES)) throw new IllegalStateException("pool did not terminate");
                int at = ours ? 0 : 1;
                best[at] = Math.min(best[at], submit);
                best[at + 2] = Math.min(best[at + 2], run);
            }
        }
        return new double[]{best[0] / (double) TASKS, best[1] / (double) TASKS, best[2] / (double) TASKS, best[3] / (double) TASKS};
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** Wall time and process CPU time of one round. */
    private static long[] run(Supplier<ExecutorService> make) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        ExecutorService pool = make.get();
        List<Future<Integer>> futures = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            Callable<Integer> task = () -> n + 1;
            futures.add(pool.submit(task));
        }
        long sum = 0;
        for (Future<Integer> f : futures) sum += f.get();
        pool.shutdown();
        if (!pool.awaitTermination(1, TimeUnit.MINUTES)) throw new IllegalStateException("pool did not terminate");
        sink += sum;
        return new long[]{System.nanoTime() - start, OS.getProcessCpuTime() - cpu};
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
