package javafutures.bench;

import javafutures.eval.JShellEvaluator;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of {@code bench/lean_session_bench.py}: plain in-process JShell (the JDK's local execution
 * engine, no kernel around it) fed the same cells as the kernel, configured as the kernel configures its
 * JShell: this JVM's class path (the kernel jar) on JShell's, the kernel's default imports,
 * {@code -XDforceSerializable -g}, each cell split into snippets with {@code analyzeCompletion} as the
 * kernel splits it. What it prints goes to this JVM's stdout, as a cell's output would.
 *
 * <pre>java -XX:+UseSerialGC -cp kernel/target/test-classes:kernel/target/java-futures-kernel.jar \
 *     javafutures.bench.PlainJShell CELLS_FILE OUT_DIR CHECKPOINTS</pre>
 *
 * CELLS_FILE holds the cells separated by lines {@code //--cell--}; the first is the setup cell (number 0).
 * CHECKPOINTS: comma-separated cell numbers after which this JVM has the JDK's {@code jcmd} (next to its
 * {@code java}) run a full GC and write a class histogram to {@code OUT_DIR/plain-N.histo}. A rejected
 * snippet or an exception in a cell ends the run with status 1: the baseline must run every cell. With
 * {@code -Djavafutures.bench.dump=true} it also writes a heap dump {@code OUT_DIR/plain-N.hprof} there;
 * {@code -Djavafutures.bench.gcRuns=N}: N full GCs before each histogram (default 1).
 */
public final class PlainJShell {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PlainJShell CELLS_FILE OUT_DIR CHECKPOINTS");
            System.exit(2);
        }
        String[] cells = Files.readString(Path.of(args[0])).split("\n//--cell--\n");
        Path out = Files.createDirectories(Path.of(args[1]));
        List<Integer> checkpoints = new ArrayList<>();
        for (String s : args[2].split(",")) if (!s.isBlank()) checkpoints.add(Integer.parseInt(s.trim()));
        long pid = ProcessHandle.current().pid();
        try (JShell js = JShell.builder().executionEngine("local").compilerOptions("-XDforceSerializable", "-g").build()) {
            for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) js.addToClasspath(p);
            for (String imp : JShellEvaluator.DEFAULT_IMPORTS) js.eval(imp);
            SourceCodeAnalysis sca = js.sourceCodeAnalysis();
            for (int i = 0; i < cells.length; i++) {
                String remaining = cells[i];
                while (!remaining.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(remaining);
                    if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
                    for (SnippetEvent e : js.eval(info.source())) {
                        if (e.status() == Snippet.Status.REJECTED) {
                            fail("cell " + i + " rejected " + info.source().strip() + ": "
                                    + js.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
                        }
                        if (e.exception() != null) fail("cell " + i + " threw " + e.exception());
                    }
                    remaining = info.remaining();
                }
                if (checkpoints.contains(i)) {
                    for (int gc = Integer.getInteger("javafutures.bench.gcRuns", 1); gc > 0; gc--) {
                        jcmd(pid, out.resolve("plain-" + i + ".gc"), "GC.run");
                    }
                    jcmd(pid, out.resolve("plain-" + i + ".histo"), "GC.class_histogram");
                    if (Boolean.getBoolean("javafutures.bench.dump")) {
                        jcmd(pid, out.resolve("plain-" + i + ".dumplog"), "GC.heap_dump",
                                out.resolve("plain-" + i + ".hprof").toAbsolutePath().toString());
                    }
                    System.out.println("checkpoint " + i);
                }
            }
        }
        System.out.flush();
        System.exit(0); // pool threads the cells started are not daemons
    }

    private static void fail(String why) {
        System.err.println("PlainJShell: " + why);
        System.exit(1);
    }

    private static void jcmd(long pid, Path to, String... command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> argv = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true).redirectOutput(to.toFile()).start();
        if (p.waitFor() != 0) throw new IllegalStateException("jcmd " + command[0] + " failed: " + Files.readString(to));
    }
}
