package javafutures.libraries;

import javafutures.libraries.Resolution.Loser;
import javafutures.libraries.Resolution.Repo;
import javafutures.libraries.Resolution.Resolved;
import javafutures.libraries.Resolution.Result;
import javafutures.libraries.Resolution.Root;
import javafutures.process.WorkerJars;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the notebook added to its class path, in order, and the one way to add to it. Every addition goes, in
 * the same order, to each listener: JShell (cells compile and run against it; thread tasks run cell code),
 * the process workers ({@link WorkerJars}: running, new and spare JVMs) and cluster pools.
 *
 * <p>{@code %maven} lines accumulate: the notebook's root coordinates are kept, and each new line resolves the
 * union of all of them again, in one request, so Maven's conflict rule (nearest wins, then first declared)
 * decides as it would for one POM listing them all. Only jars not yet loaded are added. A loaded jar cannot be
 * replaced in a running JVM: when the union picks another version of a loaded artifact, or a line asks for
 * another version of one, the line fails and adds nothing, saying which version won and why.
 *
 * <p>Thread-safe: one addition at a time; readers never wait for a resolution.
 */
public final class NotebookClasspath {
    /** How an entry came. */
    public enum Kind { MAVEN, JAR, DIRECTORY }

    /**
     * One jar or directory the notebook added.
     *
     * @param coordinate its Maven coordinate, or null for {@code %jars}
     * @param version    the version (a jar's from its manifest or file name; may be null)
     * @param origin     the magic and cell that added it ({@code %maven, cell [3]})
     * @param via        for a dependency, the chain from the root the notebook named down to it (root first)
     */
    public record Entry(Path path, Kind kind, Coordinate coordinate, String version, String origin, List<Coordinate> via) {
        /** The name of the entry in messages: a coordinate, or a file name with its version. */
        public String name() {
            if (coordinate != null) return coordinate.toString();
            String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
            return kind == Kind.DIRECTORY ? file + "/" : file;
        }

        /** What added it: the magic and cell, and for a dependency the artifact that needed it. */
        public String reason() {
            if (via.size() <= 1) return origin;
            return "dependency of " + via.get(via.size() - 2).shortName() + ":" + via.get(via.size() - 2).version()
                    + " (" + origin + ")";
        }
    }

    private static final NotebookClasspath SHARED = new NotebookClasspath();

    static {
        SHARED.listen(paths -> WorkerJars.add(paths.stream().map(Path::toString).toList()));
    }

    private final Object additions = new Object();
    private final List<Entry> entries = new ArrayList<>();
    private final List<Root> roots = new ArrayList<>();
    private final Map<String, String> repositories = new LinkedHashMap<>();
    private final List<Consumer<List<Path>>> listeners = new CopyOnWriteArrayList<>();

    NotebookClasspath() {
    }

    /** The kernel's notebook class path. */
    public static NotebookClasspath shared() {
        return SHARED;
    }

    /** Sends every addition to {@code listener} from now on, after the paths added so far. */
    public void listen(Consumer<List<Path>> listener) {
        synchronized (additions) {
            List<Path> so = paths();
            if (!so.isEmpty()) listener.accept(so);
            listeners.add(listener);
        }
    }

    /** The added paths, in order. */
    public synchronized List<Path> paths() {
        return entries.stream().map(Entry::path).toList();
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized List<Repo> repositories() {
        List<Repo> repos = new ArrayList<>();
        repositories.forEach((id, url) -> repos.add(new Repo(id, url)));
        return repos;
    }

    /**
     * Adds a repository for later resolutions; returns what happened, in a sentence.
     */
    public synchronized String addRepository(String id, String url) {
        String old = repositories.put(id, url);
        if (url.equals(old)) return "repository " + id + " (" + url + ") was already added; nothing to do";
        if (old != null) return "repository " + id + " now points to " + url + " (was " + old + ")";
        return "added repository " + id + " (" + url + "): %maven looks there after the local repository and Maven Central";
    }

    /**
     * Resolves {@code requested} together with every earlier root and adds the jars not yet loaded.
     *
     * @param newRepos repositories to use from now on (a POM's), kept only if the addition succeeds
     * @return the summary to show ({@code added 2 jars: commons-text-1.12.0, commons-lang3-3.14.0}, and notes
     *         on versions an earlier line decided)
     * @throws LibraryException when something cannot be resolved, or conflicts with a loaded version; then
     *                          nothing was added
     */
    String addMaven(List<Root> requested, List<Repo> newRepos, ResolverEvents.Progress progress,
                    Cancellation cancellation) throws LibraryException {
        synchronized (additions) {
            List<Root> known;
            Map<String, Entry> loaded = new LinkedHashMap<>();
            synchronized (this) {
                known = List.copyOf(roots);
                for (Entry e : entries) if (e.coordinate() != null) loaded.put(e.coordinate().key(), e);
            }
            List<Root> fresh = new ArrayList<>();
            List<String> again = new ArrayList<>();
            for (Root r : requested) {
                Root same = known.stream().filter(k -> k.coordinate().equals(r.coordinate())
                        && k.exclusions().equals(r.exclusions())).findFirst().orElse(null);
                if (same != null) again.add(r.coordinate() + " (" + same.origin() + ")");
                else fresh.add(r);
            }
            if (fresh.isEmpty()) {
                cancellation.commit();
                synchronized (this) {
                    for (Repo r : newRepos) repositories.putIfAbsent(r.id(), r.url());
                }
                return "already added: " + String.join(", ", again) + "; nothing to do";
            }

            List<String> conflicts = new ArrayList<>();
            for (Root f : fresh) {
                Entry e = loaded.get(f.coordinate().key());
                if (e != null && e.via().size() == 1 && !e.coordinate().version().equals(f.coordinate().version())) {
                    conflicts.add("- this line asks for " + f.coordinate() + ", but " + e.coordinate().version()
                            + " is loaded (" + e.reason() + ") and stays: it was declared first.");
                }
            }
            if (!conflicts.isEmpty()) throw conflict(conflicts);

            List<Root> union = new ArrayList<>(known);
            union.addAll(fresh);
            List<Repo> repos = repositories();
            for (Repo r : newRepos) if (!repos.contains(r)) repos.add(r);
            Result result = MavenResolver.resolve(union, repos, progress, cancellation::cancelled);
            for (Resolved a : result.artifacts()) {
                Entry e = loaded.get(a.coordinate().key());
                if (e != null && !e.coordinate().version().equals(a.coordinate().version())) {
                    conflicts.add(replaced(e, a, result));
                }
            }
            if (!conflicts.isEmpty()) throw conflict(conflicts);

            List<Entry> added = new ArrayList<>();
            for (Resolved a : result.artifacts()) {
                if (loaded.containsKey(a.coordinate().key())) continue;
                Root root = rootOf(a, union);
                added.add(new Entry(a.file().toAbsolutePath(), Kind.MAVEN, a.coordinate(), a.coordinate().version(),
                        root == null ? "%maven" : root.origin(), a.path()));
            }
            cancellation.commit();
            synchronized (this) {
                roots.addAll(fresh);
                for (Repo r : newRepos) repositories.putIfAbsent(r.id(), r.url());
            }
            publish(added);
            List<String> names = added.stream().map(e -> e.coordinate().fileStem()).toList();
            StringBuilder summary = new StringBuilder(added.isEmpty()
                    ? "nothing new to add: everything " + names(fresh) + " needs is already loaded"
                    : "added " + added.size() + (added.size() == 1 ? " jar: " : " jars: ") + String.join(", ", names));
            if (!again.isEmpty()) summary.append("\nalready added: ").append(String.join(", ", again));
            for (String note : notes(fresh, loaded, result)) summary.append('\n').append(note);
            return summary.toString();
        }
    }

    /** Adds jars or directories that exist (checked by the caller); returns the summary. */
    String addFiles(List<Entry> files, Cancellation cancellation) throws LibraryException {
        synchronized (additions) {
            List<Entry> added = new ArrayList<>();
            List<String> again = new ArrayList<>();
            Set<Path> have = new LinkedHashSet<>(paths());
            for (Entry f : files) {
                if (have.add(f.path())) added.add(f);
                else again.add(f.name());
            }
            cancellation.commit();
            publish(added);
            StringBuilder sb = new StringBuilder();
            if (!added.isEmpty()) {
                sb.append("added ").append(added.size()).append(added.size() == 1 ? " entry: " : " entries: ")
                        .append(String.join(", ", added.stream().map(e -> e.name()
                                + (e.version() == null ? "" : " (" + e.version() + ")")).toList()));
            }
            if (!again.isEmpty()) {
                if (sb.length() > 0) sb.append('\n');
                sb.append("already added: ").append(String.join(", ", again)).append(added.isEmpty() ? "; nothing to do" : "");
            }
            return sb.toString();
        }
    }

    private void publish(List<Entry> added) {
        if (added.isEmpty()) return;
        synchronized (this) {
            entries.addAll(added);
        }
        List<Path> paths = added.stream().map(Entry::path).toList();
        for (Consumer<List<Path>> l : listeners) l.accept(paths);
    }

    private static Root rootOf(Resolved a, List<Root> union) {
        Coordinate top = a.path().get(0);
        for (Root r : union) if (r.coordinate().key().equals(top.key())) return r;
        return null;
    }

    private static String names(List<Root> roots) {
        return String.join(", ", roots.stream().map(r -> r.coordinate().toString()).toList());
    }

    /** Why {@code winner} wins over the loaded {@code e} when all lines are resolved together. */
    private static String replaced(Entry e, Resolved winner, Result result) {
        Coordinate k = e.coordinate();
        Loser lost = findLoser(result, k);
        String rule = lost == null ? "Maven's conflict rule" : rule(winner.path(), lost.path());
        return "- " + k.shortName() + ": " + k.version() + " is loaded (" + e.reason() + "), but resolving every %maven "
                + "line together Maven now picks " + winner.coordinate().version() + " (" + where(winner.path()) + "): "
                + rule + ".";
    }

    private static LibraryException conflict(List<String> conflicts) {
        return new LibraryException("version conflict with an earlier %maven:\n" + String.join("\n", conflicts)
                + "\nA library loaded in a running JVM cannot be replaced, so nothing was added. Use the loaded "
                + "version, or restart the kernel and list every coordinate in one %maven line before using them.");
    }

    private static List<Coordinate> pathOf(Result result, Coordinate c) {
        for (Resolved r : result.artifacts()) if (r.coordinate().key().equals(c.key())) return r.path();
        return null;
    }

    private static Loser findLoser(Result result, Coordinate c) {
        for (Loser l : result.losers()) {
            if (l.wanted().key().equals(c.key()) && l.wanted().version().equals(c.version())) return l;
        }
        return null;
    }

    /** Maven's rule, applied to two paths from the roots: nearer wins; at equal depth, the first declared. */
    static String rule(List<Coordinate> winner, List<Coordinate> loser) {
        if (winner.size() < loser.size()) {
            return "the nearest version wins, and " + winner.get(winner.size() - 1).version() + " is " + depth(winner)
                    + " while " + loser.get(loser.size() - 1).version() + " is " + depth(loser);
        }
        return "at equal depth (" + depth(winner) + ") the first declared wins";
    }

    private static String depth(List<Coordinate> path) {
        return path.size() == 1 ? "declared directly" : "a dependency at depth " + path.size();
    }

    private static String where(List<Coordinate> path) {
        return path.size() == 1 ? "declared in this line" : "via " + Resolution.chain(path.subList(0, path.size() - 1));
    }

    /** Versions an earlier line decided for this one: which won and why. At most a few. */
    private static List<String> notes(List<Root> fresh, Map<String, Entry> loaded, Result result) {
        Set<String> freshKeys = new LinkedHashSet<>();
        for (Root r : fresh) freshKeys.add(r.coordinate().key());
        Map<String, String> notes = new LinkedHashMap<>();
        for (Loser l : result.losers()) {
            Entry e = loaded.get(l.winner().key());
            if (e == null || !freshKeys.contains(l.path().get(0).key()) || notes.containsKey(l.winner().key())) continue;
            List<Coordinate> won = pathOf(result, l.winner());
            notes.put(l.winner().key(), "kept " + l.winner().shortName() + ":" + l.winner().version() + " (" + e.reason()
                    + ") over " + l.wanted().version() + " wanted by " + Resolution.chain(l.path().subList(0, l.path().size() - 1))
                    + ": " + rule(won == null ? e.via() : won, l.path()));
        }
        List<String> out = new ArrayList<>(notes.values());
        if (out.size() > 5) {
            int more = out.size() - 4;
            out = new ArrayList<>(out.subList(0, 4));
            out.add("(and " + more + " more versions kept from earlier lines)");
        }
        return out;
    }
}
