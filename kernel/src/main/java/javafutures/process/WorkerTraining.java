package javafutures.process;

import javafutures.futures.CheckedRunnable;

import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Trains the worker class-data archive ({@link WorkerArchive}) for this JVM's {@code java} and classpath:
 * {@code java -cp <kernelspec>/java-futures-kernel.jar javafutures.process.WorkerTraining [--if-stale] [tasks]},
 * run by install.sh ({@code --if-stale}: only when there is no archive newer than the jar). It drives one real
 * worker the way a kernel's pool does (a {@link WorkerPool}: frames in, task decoding, lambdas and captured
 * values, output, errors, map chunks, results out), with the option that makes that worker's JVM write the
 * archive as it exits, then ends the pool and moves the archive into place. The worker's own warm-up
 * ({@code worker/WarmUp}) runs too, as in a spare. Prints the archive's path.
 * Exit status 0 when the archive was written, 1 when not (the reason on stderr). Not for use in a kernel.
 */
public final class WorkerTraining {
    interface TrainingTask extends Callable<Object>, Serializable {
    }

    interface TrainingFunction extends Function<Integer, Integer>, Serializable {
    }

    interface TrainingRun extends CheckedRunnable, Serializable {
    }

    private WorkerTraining() {
    }

    public static void main(String[] args) throws Exception {
        boolean ifStale = args.length > 0 && args[0].equals("--if-stale");
        int tasks = args.length > (ifStale ? 1 : 0) ? Integer.parseInt(args[ifStale ? 1 : 0]) : 2_000;
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("java.class.path");
        WorkerArchive archive = WorkerArchive.of(java, classpath);
        if (archive == null) {
            System.err.println("java-futures: no worker archive for " + java + " on " + classpath
                    + " (the classpath must start with the kernel jar, the JDK must have a release file)");
            System.exit(1);
        }
        Path jar = Path.of(classpath.split(File.pathSeparator, 2)[0]);
        if (ifStale && Files.isRegularFile(archive.file())
                && Files.getLastModifiedTime(archive.file()).compareTo(Files.getLastModifiedTime(jar)) > 0) {
            System.out.println(archive.file() + " (up to date)");
            return;
        }
        Files.deleteIfExists(archive.file());
        Path out = archive.file().resolveSibling(archive.file().getFileName() + ".tmp");
        Files.deleteIfExists(out);
        WorkerLauncher launcher = new WorkerLauncher(java, classpath, archive.trainingOptions(out));
        try (WorkerPool pool = new WorkerPool(new WorkerPoolConfig().workers(1).launcher(launcher).spares(null))) {
            drive(pool, tasks);
        }
        // The worker's JVM writes the archive as it exits (an AOT cache is assembled by a JVM it starts then).
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.isRegularFile(out) && System.nanoTime() < end) Thread.sleep(50);
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            System.err.println("java-futures: the training worker wrote no archive to " + out);
            Files.deleteIfExists(out);
            System.exit(1);
        }
        Files.move(out, archive.file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(archive.file());
    }

    /** The task shapes a notebook sends, the trivial one most (it is what the first thousands of tasks look like). */
    static void drive(WorkerPool pool, int tasks) throws Exception {
        String s = "s";
        List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
        List<CompletableTaskListener> pending = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            int k = i;
            TrainingTask t = switch (i % 10) {
                case 3 -> () -> s + list.size();
                case 7 -> () -> new ArrayList<>(list);
                default -> () -> k + 1;
            };
            pending.add(submit(pool, TaskCodec.prepare(t)));
            if (pending.size() == 100) await(pending);
        }
        TrainingFunction twice = x -> x * 2;
        pending.add(submit(pool, TaskCodec.prepare(new MapChunk<>(twice, List.of(1, 2, 3)))));
        pending.add(submit(pool, TaskCodec.prepare((TrainingRun) () -> System.out.println("training output"))));
        CompletableTaskListener failing = submit(pool, TaskCodec.prepare(
                (TrainingTask) () -> { throw new IllegalStateException("training"); }));
        await(pending);
        try {
            failing.future().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // the error path is part of the training
        }
    }

    private static CompletableTaskListener submit(WorkerPool pool, PreparedTask task) {
        CompletableTaskListener l = new CompletableTaskListener();
        pool.submit(task, l);
        return l;
    }

    private static void await(List<CompletableTaskListener> pending) throws Exception {
        for (CompletableTaskListener l : pending) l.future().get(60, TimeUnit.SECONDS);
        pending.clear();
    }
}
