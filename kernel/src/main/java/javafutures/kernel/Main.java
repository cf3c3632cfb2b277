package javafutures.kernel;

import javafutures.eval.JShellEvaluator;
import javafutures.libraries.LibraryMagics;
import javafutures.libraries.NotebookClasspath;
import javafutures.input.CellInput;
import javafutures.magic.FutureMagics;
import javafutures.magic.HelpMagics;
import javafutures.magic.SubmitMagic;
import javafutures.magic.MagicRegistry;
import javafutures.magic.TimeMagic;
import javafutures.magic.XModeMagic;
import javafutures.magic.TimelineMagic;
import javafutures.output.OutputRouter;
import javafutures.process.TaskPathWarmUp;
import javafutures.process.WarmWorkers;
import javafutures.process.WorkerLauncher;
import javafutures.protocol.KernelSockets;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Entry point: {@code java -jar java-futures-kernel.jar CONNECTION_FILE}. Wires the sockets, the
 * evaluator and the magics, and ends the JVM on shutdown or when the Jupyter process that started the
 * kernel goes away.
 */
public final class Main {
    private static final List<Runnable> SHUTDOWN_ACTIONS = new CopyOnWriteArrayList<>();
    /** See {@link #prestartWorkers}; {@code -Djavafutures.prestartMs=-1} turns prestarting off. */
    private static final long PRESTART_DELAY_MS = Long.getLong("javafutures.prestartMs", 0);

    private Main() {
    }

    /** Registers something to end when the kernel stops (pools, worker JVMs). Runs once, in reverse order. */
    public static void onShutdown(Runnable action) {
        SHUTDOWN_ACTIONS.add(0, action);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--warmup")) {
            warmUp();
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: java -jar java-futures-kernel.jar CONNECTION_FILE");
            System.exit(2);
        }
        OutputRouter router = OutputRouter.install();
        PrintStream log = router.kernelErr();
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        KernelSockets sockets = new KernelSockets(props, log);
        // Cells never read the kernel's own stdin (Jupyter's pipe): System.in asks the front end.
        CellInput.install(sockets::input);
        CompletableFuture<JShellEvaluator> evaluator = CompletableFuture.supplyAsync(() -> {
            JShellEvaluator e = new JShellEvaluator();
            e.reportTo(log::println);
            return e;
        }, r -> new Thread(r, "java-futures-jshell-start").start());
        evaluator.exceptionally(t -> {
            log.println("java-futures: JShell failed to start: " + t);
            t.printStackTrace(log);
            return null;
        });
        JavaKernel kernel = new JavaKernel(sockets, evaluator, magics(), log, () -> stop(0));
        onShutdown(javafutures.pools.Pools::shutdownAll);
        onShutdown(() -> WarmWorkers.shared().setTarget(0)); // runs after the pools: no refill behind them
        evaluator.thenRun(() -> prestartWorkers(log));
        // Jars the notebook adds (%maven, %jars) reach JShell; NotebookClasspath sends them to workers itself.
        // One call per addition: JShell rebuilds its compiler state after each class path change.
        evaluator.thenAccept(e -> NotebookClasspath.shared().listen(paths -> e.addToClasspath(
                String.join(java.io.File.pathSeparator, paths.stream().map(Object::toString).toList()))));
        evaluator.thenRun(() -> prepareForcedStop(log));
        Runtime.getRuntime().addShutdownHook(new Thread(Main::runShutdownActions, "java-futures-shutdown"));
        exitWithParent(log);
        // While the shell is idle (never beside a cell) and JShell is up: JShell's upkeep, then a slice of the
        // process-pool task path's warm-up, so a notebook's first burst of tasks runs compiled kernel code.
        TaskPathWarmUp taskPath = new TaskPathWarmUp();
        sockets.start(kernel::onShell, kernel::onControl, () -> {
            kernel.onShellIdle();
            if (evaluator.isDone() && !taskPath.done()) taskPath.slice();
        });
        // Beside JShell's start (one core's work on javac): what the first cell would otherwise load itself.
        Thread warmUp = new Thread(JShellEvaluator::warmUpWeaver, "java-futures-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        Thread.currentThread().join();
    }

    /**
     * Runs what a kernel start runs, then exits: {@code install.sh} runs this once with
     * {@code -XX:ArchiveClassesAtExit} to build a class-data-sharing archive of the classes JShell and
     * javac load, which makes every later kernel start faster.
     */
    private static void warmUp() throws Exception {
        OutputRouter.install();
        try (JShellEvaluator e = new JShellEvaluator()) {
            e.eval("int warm = 1 + 1;");
            e.eval("String twice(String s) { return s + s; }");
            e.eval("record Pair(int a, int b) { }");
            e.eval("twice(\"x\") + new Pair(1, 2) + List.of(warm)");
            e.assist().complete("Stri", 4);
        }
        System.exit(0);
    }

    static MagicRegistry magics() {
        return new MagicRegistry()
                .register(new HelpMagics.LsMagic())
                .register(new HelpMagics.MagicHelp())
                .register(new XModeMagic())
                .register(new TimeMagic())
                .register(new SubmitMagic(SubmitMagic.THREADS))
                .register(new SubmitMagic(SubmitMagic.PROCESSES))
                .register(new SubmitMagic(SubmitMagic.CLUSTER))
                .register(new FutureMagics.FuturesMagic())
                .register(new TimelineMagic())
                .register(new FutureMagics.WaitMagic())
                .register(new FutureMagics.CancelMagic())
                .register(new FutureMagics.PoolMagic())
                .register(new LibraryMagics.MavenMagic())
                .register(new LibraryMagics.MavenRepoMagic())
                .register(new LibraryMagics.JarsMagic())
                .register(new LibraryMagics.ClasspathMagic())
                .register(new LibraryMagics.LoadFromPomMagic());
    }

    /**
     * Boots the spare worker JVMs that make a first {@code ProcessPool} fast, {@link #PRESTART_DELAY_MS} after
     * JShell is ready (by default at once: a first pool is often made in the first cells), one at a time
     * (see {@link WarmWorkers}), so that at most one booting JVM competes with the first cells. A pool created
     * before they are ready adopts them while they boot.
     */
    private static void prestartWorkers(PrintStream log) {
        Thread t = new Thread(() -> {
            if (PRESTART_DELAY_MS < 0) return;
            try {
                Thread.sleep(PRESTART_DELAY_MS);
                WarmWorkers.shared().prestart(WorkerLauncher.forKernel(List.of()));
            } catch (InterruptedException ignored) {
                // kernel stopping
            } catch (RuntimeException e) {
                log.println("java-futures: could not prestart worker JVMs: " + e);
            }
        }, "java-futures-prestart-workers");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Sets up, in the background and after start-up, what ends a cell's loop inside JDK code on interrupt
     * (on JDK 22+ the Foreign Function API takes a moment the first time); says in the log if nothing can.
     */
    private static void prepareForcedStop(PrintStream log) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(3000); // off the kernel's start and first cells
                String problem = javafutures.eval.CellThreads.prepareForcedStop();
                if (problem != null) log.println("java-futures: an interrupted loop inside JDK code cannot be stopped: " + problem);
            } catch (InterruptedException ignored) {
                // kernel stopping
            }
        }, "java-futures-prepare-stop");
        t.setDaemon(true);
        t.start();
    }

    /** Ends the kernel when the process that started it dies (Jupyter killed, terminal closed). */
    private static void exitWithParent(PrintStream log) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            log.println("java-futures: parent process " + parent.pid() + " ended; exiting");
            stop(0);
        }));
    }

    private static synchronized void runShutdownActions() {
        for (Runnable action : SHUTDOWN_ACTIONS) {
            try {
                action.run();
            } catch (RuntimeException e) {
                e.printStackTrace(OutputRouter.get() == null ? System.err : OutputRouter.get().kernelErr());
            }
        }
        SHUTDOWN_ACTIONS.clear();
    }

    /** Gives the last replies a moment to leave, then ends the JVM (shutdown actions run in its hook). */
    private static void stop(int status) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException ignored) {
                // exit anyway
            }
            System.exit(status);
        }, "java-futures-exit");
        t.start();
    }
}
