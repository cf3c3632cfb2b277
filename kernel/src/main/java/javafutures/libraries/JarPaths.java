package javafutures.libraries;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code %jars} arguments name: a jar, a directory of classes, or a glob of jars ({@code lib/*.jar},
 * {@code lib/**.jar}); {@code ~} is the home directory and a relative path starts at the kernel's working
 * directory (the notebook's). Every argument is checked before anything is added. Stateless.
 */
final class JarPaths {
    private static final Pattern VERSION_IN_NAME = Pattern.compile("-(\\d[\\w.\\-]*)\\.jar$");

    private JarPaths() {
    }

    /** @throws LibraryException naming the first argument that names no jar or directory */
    static List<NotebookClasspath.Entry> expand(List<String> args, String origin) throws LibraryException {
        Path cwd = Path.of("").toAbsolutePath();
        List<NotebookClasspath.Entry> out = new ArrayList<>();
        for (String arg : args) {
            String s = arg.equals("~") || arg.startsWith("~/") ? System.getProperty("user.home") + arg.substring(1) : arg;
            if (hasGlob(s)) {
                List<Path> matches = glob(cwd, s);
                if (matches.isEmpty()) {
                    throw new LibraryException("%jars: '" + arg + "' matches no jar (relative paths start at " + cwd + ")");
                }
                for (Path p : matches) out.add(entry(p, origin));
            } else {
                Path p = cwd.resolve(s).normalize();
                if (!Files.exists(p)) {
                    throw new LibraryException("%jars: no such file or directory: " + p
                            + (Path.of(s).isAbsolute() ? "" : " (relative paths start at " + cwd + ")"));
                }
                if (!Files.isDirectory(p) && !isZip(p)) {
                    throw new LibraryException("%jars: " + p + " is neither a jar (zip) file nor a directory of classes");
                }
                out.add(entry(p, origin));
            }
        }
        return out;
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** Jars under the glob's fixed leading directories that the glob matches, sorted. */
    private static List<Path> glob(Path cwd, String pattern) throws LibraryException {
        String[] parts = pattern.split("/", -1);
        int fixed = 0;
        while (fixed < parts.length - 1 && !hasGlob(parts[fixed])) fixed++;
        String basePart = String.join("/", java.util.Arrays.copyOfRange(parts, 0, fixed));
        Path base = pattern.startsWith("/") && fixed <= 1 ? Path.of("/")
                : cwd.resolve(basePart.isEmpty() ? "." : basePart).normalize();
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, fixed, parts.length));
        if (!Files.isDirectory(base)) return List.of();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/").length;
        try (Stream<Path> files = Files.walk(base, depth)) {
            return files.filter(p -> !p.equals(base) && Files.isRegularFile(p)
                            && matcher.matches(base.relativize(p)) && isZip(p))
                    .map(Path::normalize).sorted().toList();
        } catch (IOException e) {
            throw new LibraryException("%jars: cannot list " + base + ": " + e.getMessage());
        }
    }

    private static boolean isZip(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    private static NotebookClasspath.Entry entry(Path p, String origin) {
        Path abs = p.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return new NotebookClasspath.Entry(abs, NotebookClasspath.Kind.DIRECTORY, null, null, origin, List.of());
        }
        return new NotebookClasspath.Entry(abs, NotebookClasspath.Kind.JAR, null, version(abs), origin, List.of());
    }

    /** The jar's version from its manifest, else from its file name ({@code foo-1.2.jar}), else null. */
    static String version(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            if (m != null) {
                for (String key : new String[]{"Implementation-Version", "Bundle-Version", "Specification-Version"}) {
                    String v = m.getMainAttributes().getValue(key);
                    if (v != null && !v.isBlank()) return v.strip();
                }
            }
        } catch (IOException | SecurityException e) {
            // an unreadable manifest just means no version
        }
        Matcher m = VERSION_IN_NAME.matcher(jar.getFileName().toString());
        return m.find() ? m.group(1) : null;
    }
}
