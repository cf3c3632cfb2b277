package javafutures.process;

import javafutures.libraries.TestRepository;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static javafutures.process.PoolTestSupport.close;
import static javafutures.process.PoolTestSupport.get;
import static javafutures.process.PoolTestSupport.pool;
import static javafutures.process.PoolTestSupport.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jars the notebook adds reach worker JVMs already running, and new ones, without a restart. */
class WorkerJarsTest {
    /** Loads {@code name} through the task's context loader (the worker's notebook loaders) and calls version(). */
    static String versionOf(String name) throws Exception {
        return (String) Class.forName(name, true, Thread.currentThread().getContextClassLoader()).getMethod("version").invoke(null);
    }

    @Test
    void aRunningWorkerAndANewOneLoadAnAddedJar() throws Exception {
        Path dir = Files.createTempDirectory("jf-workerjars-");
        Path jar = dir.resolve("late-7.jar");
        TestRepository.writeJar(jar, "lib.late.Info", "7");
        jar.toFile().deleteOnExit(); // other tests' workers in this JVM get the path too
        dir.toFile().deleteOnExit();
        WorkerPool running = pool(1);
        try {
            long pid = (Long) get(submit(running, (PoolTestSupport.SCallable<Long>) () -> ProcessHandle.current().pid()));
            Object before = get(submit(running, (PoolTestSupport.SCallable<Object>) () -> {
                try {
                    return versionOf("lib.late.Info");
                } catch (ClassNotFoundException e) {
                    return "absent";
                }
            }));
            assertEquals("absent", before);

            WorkerJars.add(List.of(jar.toString()));
            assertTrue(WorkerJars.paths().contains(jar.toString()));
            assertEquals("7", get(submit(running, (PoolTestSupport.SCallable<String>) () -> versionOf("lib.late.Info"))));
            assertEquals(pid, get(submit(running, (PoolTestSupport.SCallable<Long>) () -> ProcessHandle.current().pid())),
                    "the same worker JVM, not a replacement");

            WorkerPool fresh = pool(1);
            try {
                assertEquals("7", get(submit(fresh, (PoolTestSupport.SCallable<String>) () -> versionOf("lib.late.Info"))));
            } finally {
                close(fresh);
            }
        } finally {
            close(running);
        }
    }

    @Test
    void framesRoundTrip() throws Exception {
        List<String> paths = List.of("/a/b.jar", "/c d/é.jar");
        assertEquals(paths, WorkerJars.decode(WorkerJars.encode(paths)));
    }
}
