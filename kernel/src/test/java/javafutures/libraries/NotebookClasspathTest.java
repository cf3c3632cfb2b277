package javafutures.libraries;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** %maven's bookkeeping against a Maven repository the test writes: resolution, accumulation, conflicts, errors. */
class NotebookClasspathTest {
    private TestRepository repo;
    private NotebookClasspath cp;
    private final List<Path> published = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        repo = new TestRepository();
        repo.publish("org.demo", "text", "1.12", "org.demo:lang:3.14")
                .publish("org.demo", "lang", "3.14")
                .publish("org.demo", "lang", "3.17")
                .publish("org.demo", "app", "1.0", "org.demo:text:1.12", "org.demo:util:2.0")
                .publish("org.demo", "util", "2.0", "org.demo:lang:3.17")
                .publish("org.demo", "other", "1.0", "org.demo:lang:3.17");
        cp = new NotebookClasspath();
        cp.listen(published::addAll);
    }

    @AfterEach
    void tearDown() throws Exception {
        repo.close();
    }

    private String maven(String origin, String... coordinates) throws LibraryException {
        List<Resolution.Root> roots = new ArrayList<>();
        for (String c : coordinates) roots.add(new Resolution.Root(Coordinate.parse(c), List.of(), origin));
        return cp.addMaven(roots, List.of(), progress::add, new Cancellation());
    }

    private List<String> names() {
        return cp.entries().stream().map(NotebookClasspath.Entry::name).toList();
    }

    @Test
    void addsAnArtifactWithItsDependenciesNearestFirst() throws Exception {
        String summary = maven("%maven, cell [1]", "org.demo:text:1.12");
        assertEquals("added 2 jars: text-1.12, lang-3.14", summary);
        assertEquals(List.of("org.demo:text:1.12", "org.demo:lang:3.14"), names());
        assertEquals(cp.paths(), published, "every addition reaches the listeners, in order");
        assertTrue(published.get(0).toString().startsWith(repo.local.toString()), "downloaded into the local repository");
        NotebookClasspath.Entry lang = cp.entries().get(1);
        assertEquals("dependency of org.demo:text:1.12 (%maven, cell [1])", lang.reason());
        assertFalse(progress.isEmpty(), "progress was reported");
    }

    @Test
    void conflictsWithinOneLineFollowMavensNearestWinsRule() throws Exception {
        // app -> text -> lang:3.14 (depth 3) and app -> util -> lang:3.17 (depth 3): the first declared wins;
        // naming lang directly makes it the nearest.
        maven("%maven, cell [1]", "org.demo:app:1.0", "org.demo:lang:3.17");
        assertTrue(names().contains("org.demo:lang:3.17"), names().toString());
        assertFalse(names().contains("org.demo:lang:3.14"), names().toString());
    }

    @Test
    void reRunningALineIsANoOpAndALaterLineAddsOnlyNewJars() throws Exception {
        maven("%maven, cell [1]", "org.demo:lang:3.17");
        String again = maven("%maven, cell [2]", "org.demo:lang:3.17");
        assertEquals("already added: org.demo:lang:3.17 (%maven, cell [1]); nothing to do", again);
        // other needs lang:3.17, which is loaded: only other's jar is new
        assertEquals("added 1 jar: other-1.0", maven("%maven, cell [3]", "org.demo:other:1.0"));
        assertEquals(List.of("org.demo:lang:3.17", "org.demo:other:1.0"), names());
        assertEquals(2, published.size());
    }

    @Test
    void aLaterLineKeepsTheLoadedVersionWhenItIsNearerAndSaysWhy() throws Exception {
        maven("%maven, cell [1]", "org.demo:lang:3.17");
        String summary = maven("%maven, cell [2]", "org.demo:text:1.12"); // text wants lang 3.14, at depth 2
        assertTrue(summary.startsWith("added 1 jar: text-1.12"), summary);
        assertTrue(summary.contains("kept org.demo:lang:3.17 (%maven, cell [1]) over 3.14 wanted by org.demo:text:1.12"), summary);
        assertTrue(summary.contains("the nearest version wins"), summary);
    }

    @Test
    void aLaterLineThatWouldReplaceALoadedVersionFailsAndAddsNothing() throws Exception {
        maven("%maven, cell [1]", "org.demo:text:1.12"); // loads lang 3.14 as a dependency
        LibraryException e = assertThrows(LibraryException.class, () -> maven("%maven, cell [2]", "org.demo:lang:3.17"));
        String m = e.getMessage();
        assertTrue(m.startsWith("version conflict with an earlier %maven"), m);
        assertTrue(m.contains("org.demo:lang: 3.14 is loaded (dependency of org.demo:text:1.12 (%maven, cell [1]))"), m);
        assertTrue(m.contains("Maven now picks 3.17"), m);
        assertTrue(m.contains("the nearest version wins, and 3.17 is declared directly while 3.14 is a dependency at depth 2"), m);
        assertTrue(m.contains("nothing was added"), m);
        assertEquals(List.of("org.demo:text:1.12", "org.demo:lang:3.14"), names(), "nothing added");
        // the failed line left no root behind: a later, compatible line resolves as if it never happened
        assertEquals("added 1 jar: other-1.0\nkept org.demo:lang:3.14", maven("%maven, cell [3]", "org.demo:other:1.0")
                .substring(0, "added 1 jar: other-1.0\nkept org.demo:lang:3.14".length()));
    }

    @Test
    void askingForAnotherVersionOfALoadedRootFailsAndTheFirstDeclarationStays() throws Exception {
        maven("%maven, cell [1]", "org.demo:lang:3.14");
        LibraryException e = assertThrows(LibraryException.class, () -> maven("%maven, cell [2]", "org.demo:lang:3.17", "org.demo:other:1.0"));
        assertTrue(e.getMessage().contains("this line asks for org.demo:lang:3.17, but 3.14 is loaded (%maven, cell [1]) and stays: it was declared first"), e.getMessage());
        assertEquals(List.of("org.demo:lang:3.14"), names());
    }

    @Test
    void aMissingArtifactIsNamedWithWhereTheResolverLooked() {
        LibraryException e = assertThrows(LibraryException.class, () -> maven("%maven, cell [1]", "org.demo:nope:9.9"));
        String m = e.getMessage();
        assertTrue(m.startsWith("not found: org.demo:nope:9.9"), m);
        assertTrue(m.contains("the local repository " + repo.local), m);
        assertTrue(m.contains("test-mirror (" + repo.remote.toUri()), m);
        assertTrue(cp.entries().isEmpty());
    }

    @Test
    void aMissingDependencyNamesTheArtifactThatNeedsIt() throws Exception {
        repo.publish("org.demo", "broken", "1.0", "org.demo:ghost:1.0");
        LibraryException e = assertThrows(LibraryException.class, () -> maven("%maven, cell [1]", "org.demo:broken:1.0"));
        assertTrue(e.getMessage().contains("org.demo:ghost:1.0 (needed by org.demo:broken:1.0)"), e.getMessage());
    }

    @Test
    void anUnreachableRepositorySaysSoAndSuggestsOfflineSettings() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed at once: connecting is refused
        }
        repo.writeSettings("http://127.0.0.1:" + port + "/maven2/", false);
        LibraryException e = assertThrows(LibraryException.class, () -> maven("%maven, cell [1]", "org.demo:lang:3.14"));
        String m = e.getMessage();
        assertTrue(m.startsWith("could not reach the repositories (connection refused"), m);
        assertTrue(m.contains("not in the local repository " + repo.local), m);
        assertTrue(m.contains("<offline>true</offline>"), m);
    }

    @Test
    void offlineResolvesFromTheLocalRepositoryOnlyAndSaysWhatIsMissing() throws Exception {
        maven("%maven, cell [1]", "org.demo:lang:3.14"); // now in the local repository
        repo.writeSettings("http://127.0.0.1:1/unused/", true);
        cp = new NotebookClasspath();
        assertEquals("added 1 jar: lang-3.14", maven("%maven, cell [1]", "org.demo:lang:3.14"));
        LibraryException e = assertThrows(LibraryException.class, () -> maven("%maven, cell [2]", "org.demo:other:1.0"));
        assertTrue(e.getMessage().contains("Maven is offline"), e.getMessage());
        assertTrue(e.getMessage().contains("org.demo:other:1.0"), e.getMessage());
    }

    @Test
    void exclusionsLeaveADependencyOut() throws Exception {
        cp.addMaven(List.of(new Resolution.Root(Coordinate.parse("org.demo:text:1.12"), List.of("org.demo:lang"), "%%loadFromPOM")),
                List.of(), progress::add, new Cancellation());
        assertEquals(List.of("org.demo:text:1.12"), names());
    }

    @Test
    void aCancelledAdditionAddsNothing() {
        Cancellation c = new Cancellation();
        assertTrue(c.cancel());
        LibraryException e = assertThrows(LibraryException.class, () -> cp.addMaven(
                List.of(new Resolution.Root(Coordinate.parse("org.demo:lang:3.14"), List.of(), "x")), List.of(), progress::add, c));
        assertTrue(e.getMessage().startsWith("interrupted"), e.getMessage());
        assertTrue(cp.entries().isEmpty());
        assertTrue(published.isEmpty());
    }

    @Test
    void aRepositoryFromAPomIsKeptOnlyWhenTheAdditionSucceeds() throws Exception {
        Resolution.Repo extra = new Resolution.Repo("extra", repo.remote.toUri().toString());
        assertThrows(LibraryException.class, () -> cp.addMaven(
                List.of(new Resolution.Root(Coordinate.parse("org.demo:nope:1"), List.of(), "x")), List.of(extra), progress::add, new Cancellation()));
        assertTrue(cp.repositories().isEmpty());
        cp.addMaven(List.of(new Resolution.Root(Coordinate.parse("org.demo:lang:3.14"), List.of(), "x")), List.of(extra), progress::add, new Cancellation());
        assertEquals(List.of(extra), cp.repositories());
    }
}
