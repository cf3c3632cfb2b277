package javafutures.libraries;

import java.nio.file.Path;
import java.util.List;

/**
 * The terms of a Maven resolution, kept apart from {@link MavenResolver} so that the notebook's bookkeeping
 * ({@link NotebookClasspath}) never loads the resolver: it is loaded only when a {@code %maven} needs it.
 */
final class Resolution {
    private Resolution() {
    }

    /** What the notebook asks for: a coordinate, the group:artifact pairs to leave out below it, and its origin. */
    record Root(Coordinate coordinate, List<String> exclusions, String origin) {
    }

    /** A repository the notebook added with {@code %mavenRepo} or a POM's {@code <repositories>}. */
    record Repo(String id, String url) {
    }

    /** A resolved artifact: its file, and the chain of artifacts from a root down to it (root first). */
    record Resolved(Coordinate coordinate, Path file, List<Coordinate> path) {
    }

    /** An artifact version the conflict rule set aside, the chain that wanted it, and the version it lost to. */
    record Loser(Coordinate wanted, List<Coordinate> path, Coordinate winner) {
    }

    /** Winners in class-path order (nearest first), and the versions set aside. */
    record Result(List<Resolved> artifacts, List<Loser> losers) {
    }

    /** How a depth-first chain reads in messages: {@code a:b:1 > c:d:2}. */
    static String chain(List<Coordinate> path) {
        StringBuilder sb = new StringBuilder();
        for (Coordinate c : path) {
            if (sb.length() > 0) sb.append(" > ");
            sb.append(c);
        }
        return sb.toString();
    }
}
