package javafutures.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Hazelcast member that runs {@link ClusterPool} tasks:
 * <pre>java -cp java-futures-kernel.jar javafutures.cluster.MemberMain --cluster-name NAME --secret-file FILE
 *     [--host ADDRESS] [--port 5701] [--members HOST:PORT,...] [--threads N] [--watch-stdin] [--quiet]</pre>
 * {@code --secret-file} names a file holding the pool's secret (one line; readable by its owner only,
 * mode 0600, else the member refuses to start): the member runs only tasks signed with it. Members a
 * kernel starts itself get theirs on stdin instead ({@code --secret-stdin}), never on the command line.
 * {@code --host} is the address it binds to and announces (default 127.0.0.1: reachable from this machine
 * only); {@code --members} lists members to join (default: itself); {@code --threads} is how many tasks it
 * runs at once (default: its processors). Once it has joined, it prints one line
 * {@code READY host:port pid N} on stdout. With {@code --watch-stdin} it ends as soon as its stdin ends,
 * which is how members started by a kernel never outlive it, even a killed one.
 *
 * <p>Open-source Hazelcast has no authentication or TLS: the secret keeps strangers from running code on a
 * member, but task bytes and results cross the network in clear; run members on a trusted network only.
 */
public final class MemberMain {
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private MemberMain() {
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("MemberMain: " + e.getMessage());
            System.err.println("usage: java -cp java-futures-kernel.jar javafutures.cluster.MemberMain --cluster-name NAME"
                    + " --secret-file FILE [--host ADDRESS] [--port 5701] [--members HOST:PORT,...] [--threads N]"
                    + " [--watch-stdin] [--quiet]");
            System.exit(2);
            return;
        }
        try {
            MemberRuntime.setSecret(o.secretFile != null ? MemberSecret.readFile(o.secretFile) : MemberSecret.readLine(System.in));
        } catch (java.io.IOException | IllegalArgumentException e) {
            System.err.println("MemberMain: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        if (o.quiet) HAZELCAST_LOG.setLevel(Level.WARNING);
        if (o.watchStdin) watchStdin(System.in);
        MemberRuntime.get(); // installs output capture before Hazelcast starts threads
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(HazelcastSetup.member(
                new HazelcastSetup.MemberOptions(o.clusterName, o.host, o.port, o.members, o.threads, o.quiet)));
        out.println("READY " + o.host + ":" + o.port + " pid " + ProcessHandle.current().pid()
                + " members " + hz.getCluster().getMembers().size());
        out.flush();
    }

    private static void watchStdin(InputStream in) {
        Thread t = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // the kernel never writes; EOF means it is gone
                }
            } catch (Exception e) {
                // treated as EOF
            }
            Runtime.getRuntime().halt(0);
        }, "java-futures-member-stdin");
        t.setDaemon(true);
        t.start();
    }

    /** Parsed command line. */
    static final class Options {
        String clusterName;
        String host = "127.0.0.1";
        int port = 5701;
        List<String> members = new ArrayList<>();
        int threads = Runtime.getRuntime().availableProcessors();
        boolean watchStdin;
        boolean quiet;
        boolean secretStdin;
        java.nio.file.Path secretFile;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--watch-stdin" -> o.watchStdin = true;
                    case "--quiet" -> o.quiet = true;
                    case "--secret-stdin" -> o.secretStdin = true;
                    case "--cluster-name", "--host", "--port", "--members", "--threads", "--secret-file" -> {
                        if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                        String v = args[++i];
                        switch (a) {
                            case "--cluster-name" -> o.clusterName = v;
                            case "--host" -> o.host = v;
                            case "--port" -> o.port = number(a, v, 1, 65535);
                            case "--threads" -> o.threads = number(a, v, 1, 4096);
                            case "--secret-file" -> o.secretFile = java.nio.file.Path.of(v);
                            default -> o.members.addAll(Arrays.stream(v.split(",")).map(String::trim)
                                    .filter(s -> !s.isEmpty()).toList());
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.clusterName == null || o.clusterName.isBlank()) {
                throw new IllegalArgumentException("--cluster-name is required (the kernel's ClusterPool shows it)");
            }
            if ((o.secretFile == null) == !o.secretStdin) {
                throw new IllegalArgumentException("give --secret-file FILE (a file only you can read, chmod 600, holding"
                        + " the secret the kernel's ClusterPool is built with), or --secret-stdin");
            }
            return o;
        }

        private static int number(String option, String v, int min, int max) {
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max + ", was " + v);
        }
    }
}
