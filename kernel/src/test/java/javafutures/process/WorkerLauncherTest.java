package javafutures.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Which class-data archive a worker's command line names (see {@link WorkerArchive}). */
class WorkerLauncherTest {
    private static final String JAVA = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    private static final boolean AOT = Runtime.version().feature() >= 25;

    interface SCallable extends Callable<Object>, Serializable {
    }

    @TempDir
    Path dir;

    /** An archive file (any bytes) where the launcher looks for {@code java}'s archive on {@code classpath}. */
    private static Path plant(String java, String classpath) throws Exception {
        WorkerArchive a = WorkerArchive.of(java, classpath);
        assertNotNull(a, "an archive name for " + java + " on " + classpath);
        Files.write(a.file(), new byte[]{1, 2, 3});
        return a.file();
    }

    @Test
    void noArchiveNoOption() {
        WorkerLauncher l = new WorkerLauncher(JAVA, dir.resolve("k.jar").toString(), List.of("-Xmx64m"));
        assertEquals(List.of(), l.archiveOptions());
        assertFalse(String.join(" ", l.command()).contains("SharedArchiveFile"));
        assertFalse(String.join(" ", l.command()).contains("AOTCache"));
    }

    @Test
    void anArchiveOfThisJavaNextToTheJarIsUsedWithItsWarningsOff() throws Exception {
        String cp = dir.resolve("k.jar").toString();
        Path file = plant(JAVA, cp);
        assertEquals(AOT, file.getFileName().toString().endsWith(".aot"), file.toString());
        assertTrue(file.getFileName().toString().startsWith("java-futures-worker-" + System.getProperty("java.version")),
                "named by the JDK version: " + file);
        WorkerLauncher l = new WorkerLauncher(JAVA, cp, List.of("-Xmx64m"));
        List<String> expected = AOT ? List.of("-XX:AOTCache=" + file, "-Xlog:aot*=off", "-Xlog:cds*=off")
                : List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds*=off");
        assertEquals(expected, l.archiveOptions());
        List<String> cmd = l.command();
        int at = cmd.indexOf(expected.get(0));
        assertEquals(WorkerLauncher.BASE_OPTIONS, cmd.subList(at - WorkerLauncher.BASE_OPTIONS.size(), at));
        assertEquals(List.of("-Xmx64m", "javafutures.worker.WorkerMain"), cmd.subList(at + expected.size(), cmd.size()),
                "the user's options come after the archive's, so theirs win");
        assertNotEquals(l.key(), new WorkerLauncher(JAVA, dir.resolve("other/k.jar").toString(), List.of("-Xmx64m")).key(),
                "a spare without the archive is not taken for one with it");
    }

    @Test
    void anotherJavaNeverGetsThisJavasArchive() throws Exception {
        String cp = dir.resolve("k.jar").toString();
        Path mine = plant(JAVA, cp);
        Path home = Files.createDirectories(dir.resolve("jdk21/bin")).getParent();
        Path other = Files.createFile(home.resolve("bin/java"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"21.0.1\"\n");
        WorkerLauncher l = new WorkerLauncher(other.toString(), cp, List.of());
        assertEquals(List.of(), l.archiveOptions(), "only " + mine + " exists, made for " + JAVA);
        Path its = plant(other.toString(), cp);
        assertNotEquals(mine, its);
        assertTrue(its.getFileName().toString().matches("java-futures-worker-21\\.0\\.1-[0-9a-f]+\\.jsa"), its.toString());
        assertEquals(List.of("-XX:SharedArchiveFile=" + its, "-Xlog:cds*=off"),
                new WorkerLauncher(other.toString(), cp, List.of()).archiveOptions(), "JDK 21: a dynamic CDS archive");
        Files.delete(home.resolve("release"));
        assertNull(WorkerArchive.of(other.toString(), cp), "a java whose version cannot be read gets none");
    }

    @Test
    void theUsersOwnSharingOptionsWin() throws Exception {
        String cp = dir.resolve("k.jar").toString();
        plant(JAVA, cp);
        for (String own : List.of("-Xshare:off", "-Xshare:auto", "-XX:SharedArchiveFile=/x.jsa", "-XX:AOTCache=/x.aot",
                "-XX:AOTMode=off", "-XX:ArchiveClassesAtExit=/y.jsa", "-XX:+AutoCreateSharedArchive")) {
            assertEquals(List.of(), new WorkerLauncher(JAVA, cp, List.of(own)).archiveOptions(), own);
        }
    }

    @Test
    void theClasspathTheWorkerReallyGetsDecides() throws Exception {
        String cp = dir.resolve("k.jar").toString();
        plant(JAVA, cp);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        assertEquals(List.of(), new WorkerLauncher(JAVA, cp, List.of("-cp", elsewhere.resolve("k.jar").toString()))
                .archiveOptions(), "a -cp among the options replaces the kernel's");
        assertFalse(new WorkerLauncher(JAVA, cp, List.of("-cp", cp + File.pathSeparator + "extra.jar"))
                .archiveOptions().isEmpty(), "extra jars after the archived one: the JVM accepts a prefix");
        assertEquals(cp + ":x.jar", WorkerLauncher.effectiveClasspath(cp, List.of("--class-path=" + cp + ":x.jar")));
        assertNull(WorkerArchive.of(JAVA, dir.resolve("classes").toString()), "no jar first: no archive");
    }

    /**
     * A stale archive (garbage where the archive should be: another JDK's, a broken copy) costs only the
     * speed-up: the worker starts and nothing but frames reaches its stdout (a JVM warning there would break
     * the pool with a malformed frame, or show up as text).
     */
    @Test
    void aStaleArchiveStillGivesAWorkingWorkerWithNoStrayOutput() throws Exception {
        Path jar = dir.resolve("k.jar");
        Files.write(jar, new byte[0]);
        String cp = jar + File.pathSeparator + System.getProperty("java.class.path");
        Path file = plant(JAVA, cp);
        Files.write(file, "not an archive".repeat(1000).getBytes());
        WorkerLauncher l = new WorkerLauncher(JAVA, cp, List.of());
        assertFalse(l.archiveOptions().isEmpty());
        try (WorkerPool pool = new WorkerPool(new WorkerPoolConfig().workers(1).launcher(l).spares(null))) {
            CompletableTaskListener out = new CompletableTaskListener();
            pool.submit(TaskCodec.prepare((SCallable) () -> {
                System.out.println("from the task");
                return 42;
            }), out);
            assertEquals(42, out.future().get(60, TimeUnit.SECONDS));
            assertEquals("from the task\n", out.output());
        }
    }
}
