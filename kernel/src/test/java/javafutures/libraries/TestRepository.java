package javafutures.libraries;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A Maven repository on disk, written by a test: each artifact a POM (with its dependencies) and a jar holding
 * one class, {@code lib.<artifact>.Info}, whose static {@code version()} returns the artifact's version. Also a
 * settings.xml whose only repository is this one (a mirror of everything) and whose local repository is a
 * fresh directory, installed through the {@code maven.user.settings} system property: resolutions are
 * hermetic and never reach the network.
 */
public final class TestRepository implements AutoCloseable {
    final Path root;
    final Path remote;
    final Path local;
    final Path settings;
    private final String previousSettings;

    TestRepository() throws IOException {
        root = Files.createTempDirectory("jf-repo-");
        remote = Files.createDirectories(root.resolve("remote"));
        local = Files.createDirectories(root.resolve("local"));
        settings = root.resolve("settings.xml");
        writeSettings(remote.toUri().toString(), false);
        previousSettings = System.setProperty("maven.user.settings", settings.toString());
    }

    /** Points every repository at {@code url} (e.g. an unreachable one); {@code offline} as in settings.xml. */
    void writeSettings(String mirrorUrl, boolean offline) throws IOException {
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <offline>%s</offline>
                  <mirrors>
                    <mirror><id>test-mirror</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(local, offline, mirrorUrl));
    }

    /** Publishes {@code group:artifact:version} with dependencies given as {@code group:artifact:version} strings. */
    TestRepository publish(String group, String artifact, String version, String... dependencies) throws IOException {
        Path dir = remote.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        Files.createDirectories(dir);
        StringBuilder deps = new StringBuilder();
        for (String d : dependencies) {
            String[] p = d.split(":");
            deps.append("<dependency><groupId>").append(p[0]).append("</groupId><artifactId>").append(p[1])
                    .append("</artifactId><version>").append(p[2]).append("</version></dependency>");
        }
        Files.writeString(dir.resolve(artifact + "-" + version + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
                  <dependencies>%s</dependencies>
                </project>
                """.formatted(group, artifact, version, deps));
        writeJar(dir.resolve(artifact + "-" + version + ".jar"), className(artifact), version);
        return this;
    }

    /** The class each artifact's jar holds. */
    static String className(String artifact) {
        return "lib." + artifact.replace('-', '_') + ".Info";
    }

    /** A jar with one class {@code name} whose static {@code version()} returns {@code version}. */
    public static void writeJar(Path jar, String name, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new JarEntry(name.replace('.', '/') + ".class"));
            j.write(infoClass(name, version));
            j.closeEntry();
        }
    }

    private static byte[] infoClass(String name, String version) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        String internal = name.replace('.', '/');
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internal, null, "java/lang/Object", null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "version", "()Ljava/lang/String;", null, null);
        m.visitCode();
        m.visitLdcInsn(version);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    List<String> localFiles() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(local)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(local.relativize(p).toString()));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (previousSettings == null) System.clearProperty("maven.user.settings");
        else System.setProperty("maven.user.settings", previousSettings);
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
