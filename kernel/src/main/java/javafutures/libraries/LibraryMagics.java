package javafutures.libraries;

import javafutures.eval.CellError;
import javafutures.pools.Pools;
import javafutures.magic.AbstractMagic;
import javafutures.magic.ArgsMagic;
import javafutures.magic.MagicCall;
import javafutures.magic.MagicContext;
import javafutures.magic.MagicUsageException;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The magics that add libraries: {@code %maven}, {@code %mavenRepo}, {@code %jars}, {@code %classpath} and
 * {@code %%loadFromPOM}. They act on {@link NotebookClasspath#shared()}; a failure is a {@code LibraryError} in
 * the cell and adds nothing.
 */
public final class LibraryMagics {
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9_.\\-]+");
    /** How long an interrupted resolution may take to acknowledge, below the cell's 300 ms stop grace. */
    private static final long CANCEL_WAIT_MS = 200;

    private LibraryMagics() {
    }

    private static String origin(MagicCall call, MagicContext context) {
        return call.display() + ", cell [" + context.executionCount() + "]";
    }

    /** {@code %maven G:A:V...}. */
    public static final class MavenMagic extends ArgsMagic<List<Coordinate>> {
        public MavenMagic() {
            super("maven", "%maven GROUP:ARTIFACT:VERSION...",
                    "Adds Maven artifacts and their dependencies to the notebook. Cells, thread tasks, process workers "
                            + "(running and new) and cluster members use them from the next line on. Coordinates: "
                            + Coordinate.FORMS + ". All %maven lines of the notebook are resolved together, as one "
                            + "POM's dependencies (the nearest version wins, then the first declared), from the local "
                            + "repository (~/.m2/repository, or -Dmaven.repo.local), Maven Central and the repositories "
                            + "of %mavenRepo, honouring ~/.m2/settings.xml (mirrors, proxies, servers, offline). Only jars "
                            + "not yet loaded are added; a version conflict with a loaded jar is an error that adds nothing. "
                            + "Running the same line again does nothing.", true, false);
        }

        @Override
        protected Object run(List<Coordinate> coordinates, MagicCall call, MagicContext context) throws Exception {
            List<Resolution.Root> roots = new ArrayList<>();
            for (Coordinate c : coordinates) roots.add(new Resolution.Root(c, List.of(), origin(call, context)));
            String names = String.join(", ", roots.stream().map(r -> r.coordinate().toString()).toList());
            inBackground(call, "resolving " + names + " ...",
                    (progress, cancel) -> NotebookClasspath.shared().addMaven(roots, List.of(), progress, cancel));
            return null;
        }

        /** The coordinates, each once. */
        @Override
        protected List<Coordinate> parse(MagicCall call) throws MagicUsageException {
            if (call.args().isEmpty()) throw usageError("needs at least one coordinate, e.g. %maven org.apache.commons:commons-math3:3.6.1");
            List<Coordinate> out = new ArrayList<>();
            Map<String, Coordinate> byKey = new HashMap<>();
            for (String a : call.args()) {
                if (a.startsWith("-")) throw usageError("takes no options, got '" + a + "'");
                Coordinate c;
                try {
                    c = Coordinate.parse(a);
                } catch (IllegalArgumentException e) {
                    throw usageError(e.getMessage());
                }
                Coordinate other = byKey.putIfAbsent(c.key(), c);
                if (other != null && !other.version().equals(c.version())) {
                    throw usageError("asks for " + c.shortName() + " twice, in versions " + other.version() + " and " + c.version());
                }
                if (other == null) out.add(c);
            }
            return out;
        }
    }

    /** {@code %mavenRepo ID URL}. */
    public static final class MavenRepoMagic extends ArgsMagic<Resolution.Repo> {
        public MavenRepoMagic() {
            super("mavenRepo", "%mavenRepo ID URL",
                    "Adds a Maven repository for %maven. It may be an http, https or file URL, or a directory; %maven "
                            + "looks there after the local repository and Maven Central. Credentials, proxies and mirrors for it come from "
                            + "~/.m2/settings.xml (a <server> with the same ID). Without arguments, lists the repositories "
                            + "added so far.", true, false);
        }

        /** The repository to add (its URL as {@link #url} makes it); null for a plain {@code %mavenRepo}. */
        @Override
        protected Resolution.Repo parse(MagicCall call) throws MagicUsageException {
            if (call.args().isEmpty()) return null;
            if (call.args().size() != 2) throw usageError("needs an ID and a URL, got '" + call.rawArgs() + "'");
            if (!REPO_ID.matcher(call.args().get(0)).matches()) {
                throw usageError("'" + call.args().get(0) + "' is not a repository id (letters, digits, '.', '_', '-')");
            }
            return new Resolution.Repo(call.args().get(0), url(call.args().get(1)));
        }

        private String url(String s) throws MagicUsageException {
            if (s.startsWith("http://") || s.startsWith("https://") || s.startsWith("file:")) {
                try {
                    URI uri = new URI(s);
                    if (uri.getScheme().startsWith("http") && (uri.getHost() == null || uri.getHost().isEmpty())) {
                        throw usageError("'" + s + "' has no host");
                    }
                    return s;
                } catch (java.net.URISyntaxException e) {
                    throw usageError("'" + s + "' is not a URL: " + e.getMessage());
                }
            }
            if (s.contains("://")) throw usageError("'" + s + "': only http, https and file repositories are supported");
            String p = s.equals("~") || s.startsWith("~/") ? System.getProperty("user.home") + s.substring(1) : s;
            return Path.of(p).toAbsolutePath().normalize().toUri().toString();
        }

        @Override
        protected Object run(Resolution.Repo repo, MagicCall call, MagicContext context) {
            NotebookClasspath cp = NotebookClasspath.shared();
            if (repo == null) {
                List<Resolution.Repo> repos = cp.repositories();
                StringBuilder sb = new StringBuilder("%maven looks in the local repository, then in central ("
                        + MavenResolver.CENTRAL_URL + ")");
                for (Resolution.Repo r : repos) sb.append(", ").append(r.id()).append(" (").append(r.url()).append(')');
                System.out.println(sb.append(", plus the repositories of active profiles in ~/.m2/settings.xml."));
                return null;
            }
            System.out.println(cp.addRepository(repo.id(), repo.url()));
            return null;
        }
    }

    /** {@code %jars PATH_OR_GLOB...}. */
    public static final class JarsMagic extends AbstractMagic {
        public JarsMagic() {
            super("jars", "%jars PATH_OR_GLOB...",
                    "Adds local jars and directories of classes to the notebook. Like %maven without resolution: cells, "
                            + "thread tasks, process workers and cluster members use them from the next line on. Globs such as "
                            + "lib/*.jar or lib/**.jar name many jars; relative paths start at the notebook's directory.",
                    true, false);
        }

        @Override
        public void check(MagicCall call) throws MagicUsageException {
            if (call.args().isEmpty()) throw usageError("needs at least one jar, directory or glob, e.g. %jars lib/*.jar");
        }

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            try {
                List<NotebookClasspath.Entry> files = JarPaths.expand(call.args(), origin(call, context));
                System.out.println(NotebookClasspath.shared().addFiles(files, new Cancellation()));
            } catch (LibraryException e) {
                throw error(call, e.getMessage());
            }
            return null;
        }
    }

    /** {@code %classpath}. */
    public static final class ClasspathMagic extends AbstractMagic {
        public ClasspathMagic() {
            super("classpath", "%classpath",
                    "Lists what the notebook added to its class path, with versions. In class-path order: each jar or "
                            + "directory that %maven, %jars or %%loadFromPOM added, what added it, and its file.", true, false);
        }

        @Override
        public void check(MagicCall call) throws MagicUsageException {
            if (!call.args().isEmpty()) {
                throw usageError("takes no arguments, got '" + call.rawArgs() + "' (to add jars: %jars PATH or %maven G:A:V)");
            }
        }

        @Override
        public Object run(MagicCall call, MagicContext context) {
            System.out.println(describe(NotebookClasspath.shared()));
            return null;
        }
    }

    static String describe(NotebookClasspath cp) {
        List<NotebookClasspath.Entry> entries = cp.entries();
        if (entries.isEmpty()) {
            return "Nothing added yet: cells see the JDK and the java-futures API. Add libraries with "
                    + "%maven GROUP:ARTIFACT:VERSION, %jars PATH or %%loadFromPOM.";
        }
        int width = 0;
        for (NotebookClasspath.Entry e : entries) width = Math.max(width, label(e).length());
        StringBuilder sb = new StringBuilder(entries.size() + (entries.size() == 1 ? " entry" : " entries")
                + " added by this notebook, in class-path order:");
        for (NotebookClasspath.Entry e : entries) {
            sb.append("\n  ").append(String.format("%-" + width + "s", label(e))).append("  ").append(e.reason())
                    .append("\n  ").append(" ".repeat(Math.min(width, 4))).append(e.path());
        }
        List<Resolution.Repo> repos = cp.repositories();
        if (!repos.isEmpty()) {
            sb.append("\nRepositories added: ").append(String.join(", ",
                    repos.stream().map(r -> r.id() + " (" + r.url() + ")").toList()));
        }
        return sb.toString();
    }

    private static String label(NotebookClasspath.Entry e) {
        return e.coordinate() != null || e.version() == null ? e.name() : e.name() + " (" + e.version() + ")";
    }

    /** {@code %%loadFromPOM}. */
    public static final class LoadFromPomMagic extends AbstractMagic {
        public LoadFromPomMagic() {
            super("loadFromPOM", "%%loadFromPOM (cell body: a POM)",
                    "Adds the dependencies of a POM pasted as the cell body. A whole <project>, or just <dependencies>, "
                            + "<dependency> and <repositories> elements, resolved like %maven with their versions, exclusions and "
                            + "repositories. ${properties} come from the body's <properties>; test-scoped dependencies are "
                            + "skipped; a parent POM or imported BOM is not read.", false, true);
        }

        @Override
        public void check(MagicCall call) throws MagicUsageException {
            if (!call.args().isEmpty()) throw usageError("takes no arguments: the POM goes in the cell body");
            try {
                PomBody.parse(call.body(), "%%loadFromPOM");
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            PomBody pom = PomBody.parse(call.body(), origin(call, context));
            String skipped = pom.skipped().isEmpty() ? "" : "\nskipped: " + String.join(", ", pom.skipped());
            if (pom.dependencies().isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (Resolution.Repo r : pom.repositories()) {
                    sb.append(NotebookClasspath.shared().addRepository(r.id(), r.url())).append('\n');
                }
                System.out.println(sb.toString().strip() + skipped);
                return null;
            }
            String names = String.join(", ", pom.dependencies().stream().map(r -> r.coordinate().toString()).toList());
            inBackground(call, "resolving " + names + " ...", (progress, cancel) ->
                    NotebookClasspath.shared().addMaven(pom.dependencies(), pom.repositories(), progress, cancel) + skipped);
            return null;
        }
    }

    /** An addition run off the cell's thread, so an interrupt cancels it cleanly instead of killing it midway. */
    private interface Addition {
        String run(ResolverEvents.Progress progress, Cancellation cancellation) throws LibraryException;
    }

    /**
     * Runs {@code work} on a kernel thread (outside the cell's thread group: stopping the cell must never kill
     * the resolver halfway through writing the local repository) with a {@link ProgressLine} under the cell,
     * and waits for it. An interrupt cancels it: nothing is added unless it had already committed.
     */
    private static void inBackground(MagicCall call, String first, Addition work) throws Exception {
        ProgressLine line = new ProgressLine(first);
        Cancellation cancellation = new Cancellation();
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(Pools.threadGroup(), () -> {
            try {
                result.complete(work.run(line, cancellation));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "java-futures-" + call.name(), 0, false);
        t.setDaemon(true);
        t.setContextClassLoader(LibraryMagics.class.getClassLoader());
        t.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    String summary = interrupted ? result.get(CANCEL_WAIT_MS, TimeUnit.MILLISECONDS) : result.get(100, TimeUnit.MILLISECONDS);
                    line.finish(summary + (interrupted ? "\n(then interrupted)" : ""));
                    if (interrupted) throw new InterruptedException("interrupted");
                    return;
                } catch (TimeoutException e) {
                    if (interrupted) {
                        line.finish("interrupted: nothing was added");
                        throw new InterruptedException("interrupted");
                    }
                    line.flush();
                } catch (InterruptedException e) {
                    if (interrupted) throw e;
                    interrupted = true;
                    if (cancellation.cancel()) {
                        line.finish("interrupted: nothing was added");
                        throw e;
                    }
                    // it is committing its additions right now: wait for them, then say what was added
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (interrupted || cancellation.cancelled()) {
                        line.finish("interrupted: nothing was added");
                        throw new InterruptedException("interrupted");
                    }
                    line.finish(call.display() + " failed: nothing was added");
                    if (cause instanceof LibraryException) throw error(call, cause.getMessage());
                    if (cause instanceof Exception x) throw x;
                    throw (Error) cause;
                }
            }
        } finally {
            cancellation.cancel(); // no-op once committed; stops a resolution left behind by an unexpected error
        }
    }

    /** A {@code LibraryError} in the cell: the message's first line after the magic's name, the rest below. */
    static CellError error(MagicCall call, String message) {
        List<String> lines = new ArrayList<>(List.of(message.split("\n")));
        lines.set(0, "\u001b[0;31mLibraryError\u001b[0m in " + call.display() + ": " + lines.get(0));
        return new CellError("LibraryError", message, lines);
    }
}
