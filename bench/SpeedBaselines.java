import javafutures.eval.JShellEvaluator;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

import java.io.File;
import java.util.Arrays;

/**
 * The Java baselines of bench/speed_bench.py, run on the kernel's JDK with the kernel's JVM options and its
 * jar on the class path (speed_bench.py compiles and runs this; prints one line of milliseconds per result).
 *
 *   jshell N    in-process JShell (local engine) with the kernel's default imports and compiler options:
 *               N timed evals of "int x = 1;" after 30 untimed ones; prints each eval's ms
 *   work R      the bench's CPU-bound method compiled by javac: R rounds of 4 calls; prints each round's thread CPU ms
 */
public final class SpeedBaselines {
    /** The same text as speed_bench.WORK. */
    static long work(int seed) { long x = seed; for (int i = 0; i < 3_000_000; i++) x = x * 6364136223846793005L + 1442695040888963407L; return x; }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        double[] ms = new double[n];
        if (args[0].equals("jshell")) {
            try (JShell js = JShell.builder().executionEngine("local").compilerOptions("-XDforceSerializable", "-g").build()) {
                for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) js.addToClasspath(p);
                for (String imp : JShellEvaluator.DEFAULT_IMPORTS) js.eval(imp);
                for (int i = -30; i < n; i++) {
                    long t0 = System.nanoTime();
                    for (SnippetEvent e : js.eval("int x = 1;")) {
                        if (e.status() == Snippet.Status.REJECTED || e.exception() != null) throw new IllegalStateException(e.toString());
                    }
                    if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        } else {
            long sink = 0;
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int r = 0; r < n; r++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int j = 0; j < 4; j++) sink += work(j);
                ms[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
            }
            if (sink == 42) System.out.println();
        }
        System.out.println(Arrays.toString(ms).replaceAll("[\\[\\],]", ""));
    }
}
