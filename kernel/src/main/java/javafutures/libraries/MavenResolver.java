package javafutures.libraries;

import javafutures.libraries.Resolution.Loser;
import javafutures.libraries.Resolution.Repo;
import javafutures.libraries.Resolution.Resolved;
import javafutures.libraries.Resolution.Result;
import javafutures.libraries.Resolution.Root;

import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.CollectResult;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Resolves a set of root artifacts with Maven Resolver 2, as Maven resolves a project's dependencies: one
 * request for all roots together, transitive dependencies of scope compile and runtime, conflicts settled
 * by Maven's rule (the version nearest to the roots wins; at equal depth, the first declared). Looks in the
 * local repository, then in Maven Central, the repositories of active settings profiles and those the
 * notebook added, through the mirrors, proxies and credentials of {@link MavenSettings}.
 *
 * <p>This is the only class, with {@link MavenSettings} and {@link ResolverEvents}, that touches the resolver:
 * it is loaded on the first {@code %maven}, never at kernel start. One {@link #resolve} at a time (the kernel
 * runs one cell at a time); thread-safe.
 */
final class MavenResolver {
    /** The Maven Central repository, with Maven's id, so artifacts {@code mvn} downloaded count as available. */
    static final String CENTRAL_ID = "central";
    static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

    private static volatile RepositorySystem system;

    private MavenResolver() {
    }

    private static RepositorySystem system() {
        RepositorySystem s = system;
        if (s == null) {
            synchronized (MavenResolver.class) {
                if (system == null) system = new RepositorySystemSupplier().get();
                s = system;
            }
        }
        return s;
    }

    /** Ends the resolver's threads and connections, if it was ever started. */
    static void shutdown() {
        RepositorySystem s = system;
        if (s != null) s.shutdown();
    }

    /**
     * Resolves {@code roots} together.
     *
     * @param progress  receives one-line progress reports (downloads, descriptors read), often
     * @param cancelled polled during transfers; when true the resolution stops with {@link ResolverEvents.Cancelled}
     * @throws LibraryException for an artifact that cannot be found or downloaded, an unreadable settings.xml,
     *                          an unsolvable version range: the message says what, where the resolver looked,
     *                          and what to do
     */
    static Result resolve(List<Root> roots, List<Repo> notebookRepos, ResolverEvents.Progress progress,
                          BooleanSupplier cancelled) throws LibraryException {
        MavenSettings settings = MavenSettings.load();
        Path local = settings.localRepository();
        ResolverEvents events = new ResolverEvents(progress, cancelled);
        RepositorySystem sys = system();
        RepositorySystemSession.SessionBuilder builder = new SessionBuilderSupplier(sys).get()
                .withLocalRepositoryBaseDirectories(local)
                .setOffline(settings.offline())
                .setMirrorSelector(settings.mirrors())
                .setProxySelector(settings.proxies())
                .setAuthenticationSelector(settings.authentication())
                .setTransferListener(events)
                .setRepositoryListener(events.repositoryListener())
                // A notebook retries at once after fixing a typo or the network: remember no failure.
                .setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(false, false))
                // Keeps the versions the conflict rule set aside in the graph, to tell the notebook which won and why.
                .setConfigProperty(ConflictResolver.CONFIG_PROP_VERBOSE, ConflictResolver.Verbosity.STANDARD)
                // Resolver 2 would first fetch each repository's /.meta/prefixes.txt, a round trip (and a TLS
                // handshake) even when everything is in the local repository, and a timeout when offline.
                .setConfigProperty("aether.remoteRepositoryFilter.prefixes", false)
                // Fail within seconds, not Maven's minutes, when a repository cannot be reached.
                .setConfigProperty("aether.transport.http.connectTimeout", 10_000)
                .setConfigProperty("aether.transport.http.requestTimeout", 60_000);
        try (RepositorySystemSession.CloseableSession session = builder.build()) {
            List<RemoteRepository> declared = new ArrayList<>();
            declared.add(new RemoteRepository.Builder(CENTRAL_ID, "default", CENTRAL_URL).build());
            declared.addAll(settings.profileRepositories());
            for (Repo r : notebookRepos) declared.add(new RemoteRepository.Builder(r.id(), "default", r.url()).build());
            List<RemoteRepository> repos = sys.newResolutionRepositories(session, declared);
            Where where = new Where(local, repos, settings, events);

            CollectRequest request = new CollectRequest();
            for (Root r : roots) request.addDependency(dependency(r));
            request.setRepositories(repos);
            request.setRequestContext("notebook");
            CollectResult collected;
            try {
                collected = sys.collectDependencies(session, request);
            } catch (DependencyCollectionException e) {
                events.throwIfCancelled();
                throw where.collectionFailed(e);
            }
            events.throwIfCancelled();
            Graph graph = new Graph();
            graph.walk(collected.getRoot(), new ArrayDeque<>());

            List<ArtifactRequest> requests = new ArrayList<>();
            for (Graph.Winner w : graph.winners) {
                if (w.onClasspath) requests.add(new ArtifactRequest(w.node));
            }
            List<ArtifactResult> results;
            try {
                results = sys.resolveArtifacts(session, requests);
            } catch (ArtifactResolutionException e) {
                events.throwIfCancelled();
                throw where.artifactsFailed(e.getResults(), graph);
            }
            List<Resolved> resolved = new ArrayList<>();
            int i = 0;
            for (Graph.Winner w : graph.winners) {
                if (!w.onClasspath) continue;
                Artifact a = results.get(i++).getArtifact();
                resolved.add(new Resolved(coordinate(a), a.getPath(), w.path));
            }
            return new Result(resolved, graph.losers);
        }
    }

    private static Dependency dependency(Root r) {
        Coordinate c = r.coordinate();
        List<Exclusion> exclusions = new ArrayList<>();
        for (String ga : r.exclusions()) {
            String[] p = ga.split(":");
            exclusions.add(new Exclusion(p[0], p.length > 1 ? p[1] : "*", "*", "*"));
        }
        return new Dependency(new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), c.extension(), c.version()),
                "compile", false, exclusions);
    }

    static Coordinate coordinate(Artifact a) {
        return new Coordinate(a.getGroupId(), a.getArtifactId(), a.getExtension(), a.getClassifier(), a.getBaseVersion());
    }

    /**
     * The collected graph, walked in preorder: each winner once with the path to it, each version the
     * conflict rule set aside (marked by the resolver with the node that won).
     */
    private static final class Graph {
        record Winner(DependencyNode node, List<Coordinate> path, boolean onClasspath) {
        }

        final List<Winner> winners = new ArrayList<>();
        final List<Loser> losers = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private final Map<DependencyNode, Boolean> visited = new IdentityHashMap<>();

        void walk(DependencyNode node, Deque<Coordinate> path) {
            for (DependencyNode child : node.getChildren()) {
                if (child.getArtifact() == null) continue;
                Coordinate c = coordinate(child.getArtifact());
                path.addLast(c);
                Object winner = child.getData().get(ConflictResolver.NODE_DATA_WINNER);
                if (winner instanceof DependencyNode w && w.getArtifact() != null) {
                    Coordinate won = coordinate(w.getArtifact());
                    if (!won.version().equals(c.version())) losers.add(new Loser(c, List.copyOf(path), won));
                } else if (visited.put(child, Boolean.TRUE) == null) {
                    String scope = child.getDependency() == null ? "compile" : child.getDependency().getScope();
                    boolean classpath = !scope.equals("test") && !scope.equals("provided")
                            && !c.extension().equals("pom");
                    if (seen.add(c.key())) winners.add(new Winner(child, List.copyOf(path), classpath));
                    walk(child, path);
                }
                path.removeLast();
            }
        }
    }

    /** Where the resolver looked, to explain a failure in the notebook's terms. */
    private record Where(Path local, List<RemoteRepository> repos, MavenSettings settings, ResolverEvents events) {
        String places() {
            StringBuilder sb = new StringBuilder("the local repository ").append(local);
            if (settings.offline()) return sb.append(" (Maven is offline: <offline>true</offline> in ")
                    .append(settings.describeFiles()).append(")").toString();
            for (RemoteRepository r : repos) {
                sb.append(", ").append(r.getId()).append(" (").append(r.getUrl()).append(')');
                if (!r.getMirroredRepositories().isEmpty()) {
                    sb.append(" mirroring ").append(String.join(", ", r.getMirroredRepositories().stream()
                            .map(RemoteRepository::getId).toList()));
                }
            }
            return sb.toString();
        }

        LibraryException collectionFailed(DependencyCollectionException e) {
            String unreachable = events.unreachable();
            if (unreachable != null) {
                List<String> names = new ArrayList<>();
                for (Exception x : e.getResult().getExceptions()) {
                    if (x instanceof org.eclipse.aether.resolution.ArtifactDescriptorException d && d.getResult() != null) {
                        names.add(coordinate(d.getResult().getArtifact()).toString());
                    }
                }
                return noNetwork(unreachable, names);
            }
            String msg = rootMessage(e);
            return new LibraryException("could not resolve the dependencies: " + msg + "\nlooked in " + places());
        }

        LibraryException artifactsFailed(List<ArtifactResult> results, Graph graph) {
            List<String> missing = new ArrayList<>();
            Map<String, String> transfer = new LinkedHashMap<>();
            for (ArtifactResult r : results) {
                if (r.isResolved()) continue;
                Coordinate c = coordinate(r.getRequest().getArtifact());
                String name = c + neededBy(c, graph);
                boolean notFound = true;
                for (Exception x : r.getExceptions()) {
                    if (!(x instanceof org.eclipse.aether.transfer.ArtifactNotFoundException)) {
                        notFound = false;
                        transfer.putIfAbsent(name, rootMessage(x));
                    }
                }
                if (notFound) missing.add(name);
            }
            String unreachable = events.unreachable();
            if (unreachable != null || (!transfer.isEmpty() && missing.isEmpty() && !settings.offline())) {
                List<String> names = new ArrayList<>(transfer.keySet());
                return noNetwork(unreachable != null ? unreachable : transfer.values().iterator().next(), names);
            }
            if (settings.offline()) {
                List<String> all = new ArrayList<>(missing);
                all.addAll(transfer.keySet());
                return new LibraryException("not in the local repository " + local + ", and Maven is offline "
                        + "(<offline>true</offline> in " + settings.describeFiles() + "): " + String.join(", ", all)
                        + "\nTo download it, set <offline>false</offline> (or remove the line) and run the cell again.");
            }
            StringBuilder sb = new StringBuilder();
            if (!missing.isEmpty()) {
                sb.append(missing.size() == 1 ? "not found: " : "not found (" + missing.size() + "): ")
                        .append(String.join(", ", missing))
                        .append("\nlooked in ").append(places())
                        .append("\nCheck the group, artifact and version (a typo, or a version that was never published?)"
                                + "; %mavenRepo ID URL adds a repository.");
            }
            for (Map.Entry<String, String> t : transfer.entrySet()) {
                if (sb.length() > 0) sb.append('\n');
                sb.append("could not download ").append(t.getKey()).append(": ").append(t.getValue());
            }
            return new LibraryException(sb.toString());
        }

        private LibraryException noNetwork(String why, List<String> artifacts) {
            return new LibraryException("could not reach the repositories (" + why + ")"
                    + (artifacts.isEmpty() ? "" : ", and " + String.join(", ", artifacts)
                    + (artifacts.size() == 1 ? " is" : " are") + " not in the local repository " + local)
                    + ".\nlooked in " + places()
                    + "\nIf this machine has no network, work offline: put <offline>true</offline> in "
                    + settings.userFile + " (then %maven adds only what the local repository holds), or set a "
                    + "<proxy> or <mirror> there that this machine can reach.");
        }

        private static String neededBy(Coordinate c, Graph graph) {
            for (Graph.Winner w : graph.winners) {
                Coordinate last = w.path.get(w.path.size() - 1);
                if (last.key().equals(c.key()) && w.path.size() > 1) {
                    return " (needed by " + Resolution.chain(w.path.subList(0, w.path.size() - 1)) + ")";
                }
            }
            return "";
        }
    }

    /** The innermost message of an exception chain, which is usually the one that says what happened. */
    static String rootMessage(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable x = t; x != null && !chain.contains(x); x = x.getCause()) chain.add(x);
        Collections.reverse(chain);
        for (Throwable x : chain) {
            if (x.getMessage() != null && !x.getMessage().isBlank()) {
                return x instanceof java.net.UnknownHostException ? "unknown host " + x.getMessage() : x.getMessage();
            }
        }
        return t.toString();
    }
}
