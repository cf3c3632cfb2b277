package javafutures.libraries;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JarPathsTest {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("jf-jars-");
        Files.createDirectories(dir.resolve("lib/sub"));
        Files.createDirectories(dir.resolve("classes"));
        TestRepository.writeJar(dir.resolve("lib/a-1.0.jar"), "lib.a.Info", "1.0");
        TestRepository.writeJar(dir.resolve("lib/b.jar"), "lib.b.Info", "2.5");
        TestRepository.writeJar(dir.resolve("lib/sub/c-3.jar"), "lib.c.Info", "3");
        Files.writeString(dir.resolve("lib/readme.txt"), "not a jar");
    }

    @AfterEach
    void tearDown() throws Exception {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private List<String> names(String... args) throws LibraryException {
        return JarPaths.expand(List.of(args), "%jars").stream()
                .map(e -> dir.relativize(e.path()) + (e.version() == null ? "" : "@" + e.version())).toList();
    }

    @Test
    void globsMatchJarsOnlyAndDoubleStarsDescend() throws Exception {
        assertEquals(List.of("lib/a-1.0.jar@1.0", "lib/b.jar@2.5"), names(dir + "/lib/*.jar"));
        assertEquals(List.of("lib/a-1.0.jar@1.0", "lib/b.jar@2.5"), names(dir + "/lib/*"), "the text file is no jar");
        assertEquals(List.of("lib/a-1.0.jar@1.0", "lib/b.jar@2.5", "lib/sub/c-3.jar@3"), names(dir + "/lib/**"));
    }

    @Test
    void plainPathsMayBeJarsOrClassDirectories() throws Exception {
        List<NotebookClasspath.Entry> e = JarPaths.expand(List.of(dir + "/classes", dir + "/lib/b.jar"), "%jars, cell [1]");
        assertEquals(NotebookClasspath.Kind.DIRECTORY, e.get(0).kind());
        assertEquals("classes/", e.get(0).name());
        assertEquals(NotebookClasspath.Kind.JAR, e.get(1).kind());
        assertEquals("%jars, cell [1]", e.get(1).origin());
    }

    @Test
    void missingPathsEmptyGlobsAndNonJarsAreErrors() {
        assertTrue(assertThrows(LibraryException.class, () -> names(dir + "/nope.jar")).getMessage()
                .contains("no such file or directory: " + dir + "/nope.jar"));
        assertTrue(assertThrows(LibraryException.class, () -> names(dir + "/lib/*.zip")).getMessage()
                .contains("matches no jar"));
        assertTrue(assertThrows(LibraryException.class, () -> names(dir + "/lib/readme.txt")).getMessage()
                .contains("is neither a jar (zip) file nor a directory"));
    }
}
