package javafutures.libraries;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelApiLoaderTest {
    @Test
    void notebookCodeSeesThePlatformAndTheKernelsApiButNotItsLibraries() throws Exception {
        KernelApiLoader api = KernelApiLoader.shared();
        assertSame(String.class, api.loadClass("java.lang.String"));
        assertSame(java.sql.Connection.class, api.loadClass("java.sql.Connection"), "platform modules beyond java.base");
        assertSame(javafutures.futures.ThreadPool.class, api.loadClass("javafutures.futures.ThreadPool"), "the kernel's own class");
        // on the test class path these are the kernel's libraries, unrelocated: hidden all the same
        assertThrows(ClassNotFoundException.class, () -> api.loadClass("com.google.gson.Gson"));
        assertThrows(ClassNotFoundException.class, () -> api.loadClass("org.objectweb.asm.ClassWriter"));
        assertThrows(ClassNotFoundException.class, () -> api.loadClass("javafutures.internal.shaded.com.google.gson.Gson"));
        assertNull(api.getResource("hazelcast-default.xml"), "the kernel's resources are hidden too");
        assertNotNull(api.getResource("javafutures/futures/ThreadPool.class"));
    }

    @Test
    void aLibraryLoaderServesTheNotebooksJarAndTheSharedApi() throws Exception {
        Path dir = Files.createTempDirectory("jf-loader-");
        Path jar = dir.resolve("gson-like.jar");
        TestRepository.writeJar(jar, "com.google.gson.Gson", "2.8.9"); // same name as a kernel library
        try (LibraryLoader loader = new LibraryLoader("test")) {
            loader.add(jar);
            loader.add(jar); // twice: no duplicate entry
            assertEquals(1, loader.getURLs().length);
            Class<?> c = loader.loadClass("com.google.gson.Gson");
            assertSame(loader, c.getClassLoader(), "the notebook's class, not the kernel's gson");
            assertEquals("2.8.9", c.getMethod("version").invoke(null));
            assertEquals(jar.toUri().toURL(), c.getProtectionDomain().getCodeSource().getLocation());
            assertSame(javafutures.futures.TaskFuture.class, loader.loadClass("javafutures.futures.TaskFuture"));
        } finally {
            Files.delete(jar);
            Files.delete(dir);
        }
    }
}
