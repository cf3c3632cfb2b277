package javafutures.cluster;

import javafutures.futures.PoolRegistry;
import javafutures.output.OutputRouter;
import javafutures.process.WorkerLauncher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The member JVMs a {@link ClusterPool#local} pool starts: children of the kernel, started like process
 * workers (the kernel's {@code java} and classpath) with {@link MemberMain}, on loopback ports picked free,
 * joined to each other by TCP-IP. Each watches its stdin, which only the kernel holds, so members end with
 * the kernel however it ends. Their output goes to the kernel's log. Thread-safe.
 */
final class LocalMembers {
    private final List<Process> processes;
    private final List<String> addresses;

    private LocalMembers(List<Process> processes, List<String> addresses) {
        this.processes = processes;
        this.addresses = addresses;
    }

    List<String> addresses() {
        return addresses;
    }

    List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** Starts {@code n} members and waits until each has joined, at most {@code timeoutMillis}. */
    static LocalMembers start(int n, String clusterName, int threads, List<String> jvmArgs, long timeoutMillis,
                              String secret) throws IOException, InterruptedException {
        List<Integer> ports = freePorts(n);
        List<String> addresses = new java.util.concurrent.CopyOnWriteArrayList<>(ports.stream().map(p -> "127.0.0.1:" + p).toList());
        List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
        LocalMembers members = new LocalMembers(processes, addresses);
        try {
            // The first member alone forms the cluster at once; the others then join it directly. Started all
            // together, they would each wait seconds for a master to be elected.
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            CompletableFuture<String> first = launch(ports.get(0), List.of(addresses.get(0)), clusterName, threads,
                    jvmArgs, processes, secret);
            await(first, end, timeoutMillis);
            List<CompletableFuture<String>> ready = new ArrayList<>();
            for (int port : ports.subList(1, n)) {
                ready.add(launch(port, List.of(addresses.get(0)), clusterName, threads, jvmArgs, processes, secret));
            }
            for (CompletableFuture<String> r : ready) await(r, end, timeoutMillis);
            return members;
        } catch (IOException | InterruptedException | RuntimeException e) {
            members.destroy();
            throw e;
        }
    }

    /** JVM options for members: Hazelcast's recommended access to JDK internals (faster, and no warning). */
    private static final List<String> MEMBER_OPTIONS = List.of("--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    /** Starts {@code n} more members joining this cluster and waits until each is ready (a pool growing). */
    void add(int n, String clusterName, int threads, List<String> jvmArgs, long timeoutMillis, String secret,
             BiConsumer<Long, String> onExit) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> join = new ArrayList<>(addresses);
        List<CompletableFuture<String>> ready = new ArrayList<>();
        for (int port : freePorts(n)) {
            int before = processes.size();
            ready.add(launch(port, join, clusterName, threads, jvmArgs, processes, secret));
            addresses.add("127.0.0.1:" + port);
            Process p = processes.get(before);
            watchExit(p, onExit);
        }
        for (CompletableFuture<String> r : ready) await(r, end, timeoutMillis);
    }

    /** Ends the member with this pid (stdin closed: it halts at once). */
    void stop(long pid) {
        for (Process p : processes) {
            if (p.pid() != pid) continue;
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // already gone
            }
            p.onExit().completeOnTimeout(p, 2, TimeUnit.SECONDS).thenRun(p::destroyForcibly);
        }
    }

    /**
     * Starts one member. Its secret goes to it on its stdin, never on its command line or in its environment
     * (which every user of the machine can read), then stdin stays open: its end tells the member the kernel is gone.
     */
    private static CompletableFuture<String> launch(int port, List<String> join, String clusterName, int threads,
                                                    List<String> jvmArgs, List<Process> processes, String secret)
            throws IOException {
        List<String> options = new ArrayList<>(MEMBER_OPTIONS);
        options.addAll(jvmArgs);
        List<String> cmd = new ArrayList<>(WorkerLauncher.forKernel(options).command());
        cmd.set(cmd.size() - 1, MemberMain.class.getName()); // the workers' java, classpath and options; our main
        cmd.addAll(List.of("--cluster-name", clusterName, "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--members", String.join(",", join), "--threads", String.valueOf(threads), "--secret-stdin",
                "--watch-stdin", "--quiet"));
        Process p = new ProcessBuilder(cmd).start();
        processes.add(p);
        p.getOutputStream().write((secret + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        CompletableFuture<String> r = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        drain(p, "member 127.0.0.1:" + port, r, tail);
        p.onExit().thenRun(() -> r.completeExceptionally(new IllegalStateException("member 127.0.0.1:" + port
                + " (pid " + p.pid() + ") ended with status " + p.exitValue() + " before it was ready" + tailText(tail))));
        return r;
    }

    private static void await(CompletableFuture<String> ready, long end, long timeoutMillis) throws InterruptedException {
        try {
            ready.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a cluster member did not start within " + timeoutMillis + " ms");
        }
    }

    /** Calls {@code action(pid, description)} when a member's process ends. */
    void onExit(BiConsumer<Long, String> action) {
        for (Process p : processes) watchExit(p, action);
    }

    private static void watchExit(Process p, BiConsumer<Long, String> action) {
        p.onExit().thenRun(() -> action.accept(p.pid(), "died (its process ended with exit status "
                + p.exitValue() + ")"));
    }

    /** Ends every member now: stdin closed (they halt at once), then killed in case one hangs. */
    void destroy() {
        for (Process p : processes) {
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // already gone
            }
        }
        for (Process p : processes) {
            p.onExit().completeOnTimeout(p, 2, TimeUnit.SECONDS).thenRun(p::destroyForcibly);
        }
    }

    boolean awaitExit(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Process p : processes) {
            if (!p.waitFor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
        }
        return true;
    }

    private static void drain(Process p, String label, CompletableFuture<String> ready, Deque<String> tail) {
        PrintStream log = OutputRouter.get() != null ? OutputRouter.get().kernelErr() : System.err;
        thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!ready.isDone() && line.startsWith("READY ")) ready.complete(line);
                    else log.println("[" + label + "] " + line);
                }
            } catch (IOException e) {
                // the member is gone
            }
        }, "java-futures-member-out");
        thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (tail) {
                        tail.add(line);
                        if (tail.size() > 20) tail.poll();
                    }
                    log.println("[" + label + "] " + line);
                }
            } catch (IOException e) {
                // the member is gone
            }
        }, "java-futures-member-err");
    }

    private static String tailText(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "" : "; its last output:\n" + String.join("\n", tail);
        }
    }

    /** A daemon thread in the pools' group, inheriting no cell (a cell's stop must never end it). */
    static Thread thread(Runnable body, String name) {
        Thread t = PoolRegistry.newDaemon(body, name);
        t.start();
        return t;
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) s.close();
        }
    }
}
