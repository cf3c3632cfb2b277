package javafutures.libraries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Maven artifact as the notebook names it, in the forms Maven itself writes:
 * <ul>
 *   <li>{@code GROUP:ARTIFACT:VERSION} ({@code org.apache.commons:commons-math3:3.6.1});</li>
 *   <li>{@code GROUP:ARTIFACT:CLASSIFIER:VERSION} ({@code org.openjfx:javafx-base:linux:21}), or
 *       {@code GROUP:ARTIFACT:PACKAGING:VERSION} when the third part is a packaging such as {@code jar} or
 *       {@code pom};</li>
 *   <li>{@code GROUP:ARTIFACT:PACKAGING:CLASSIFIER:VERSION} (Maven Resolver's own order);</li>
 *   <li>any of these followed by a scope, as {@code mvn dependency:tree} and {@code dependency:list} print
 *       them ({@code org.apache.commons:commons-lang3:jar:3.14.0:compile}); the scope is ignored.</li>
 * </ul>
 * A version may be a range ({@code [1.0,2.0)}), as in a POM. Immutable.
 */
public record Coordinate(String groupId, String artifactId, String extension, String classifier, String version) {
    /** The usage line shared by the magics that take coordinates. */
    public static final String FORMS = "GROUP:ARTIFACT:VERSION (also GROUP:ARTIFACT:CLASSIFIER:VERSION, "
            + "GROUP:ARTIFACT:PACKAGING:VERSION and GROUP:ARTIFACT:PACKAGING:CLASSIFIER:VERSION)";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.\\-+\\[\\](),]+");
    private static final Set<String> SCOPES = Set.of("compile", "runtime", "provided", "test", "system");
    /** Packagings and file extensions that may stand third in a four-part coordinate. */
    private static final Set<String> PACKAGINGS = Set.of("jar", "pom", "war", "ear", "rar", "zip", "aar",
            "bundle", "maven-plugin", "test-jar", "ejb", "ejb-client", "java-source", "javadoc", "tar.gz", "klib");

    public Coordinate {
        if (extension == null || extension.isEmpty()) extension = "jar";
        if (classifier == null) classifier = "";
    }

    /**
     * Parses one coordinate.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static Coordinate parse(String text) {
        String s = text.strip();
        List<String> parts = new ArrayList<>(Arrays.asList(s.split(":", -1)));
        if (parts.size() >= 4 && SCOPES.contains(parts.get(parts.size() - 1))) parts.remove(parts.size() - 1);
        if (parts.size() < 3 || parts.size() > 5) {
            throw new IllegalArgumentException("'" + text + "' is not a Maven coordinate: expected " + FORMS);
        }
        String group = parts.get(0), artifact = parts.get(1), version = parts.get(parts.size() - 1);
        String extension = "jar", classifier = "";
        if (parts.size() == 4) {
            String third = parts.get(2);
            if (PACKAGINGS.contains(third)) extension = third;
            else classifier = third;
        } else if (parts.size() == 5) {
            extension = parts.get(2);
            classifier = parts.get(3);
        }
        check(text, "group id", group, ID);
        check(text, "artifact id", artifact, ID);
        check(text, "version", version, VERSION);
        if (parts.size() == 5) {
            check(text, "packaging", extension, ID);
            check(text, "classifier", classifier, ID);
        }
        if (parts.size() == 4) check(text, classifier.isEmpty() ? "packaging" : "classifier", parts.get(2), ID);
        return new Coordinate(group, artifact, extension, classifier, version);
    }

    private static void check(String text, String what, String value, Pattern p) {
        if (value.isEmpty()) throw new IllegalArgumentException("'" + text + "' has an empty " + what + ": expected " + FORMS);
        if (!p.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + text + "' has a " + what + " '" + value
                    + "' with characters Maven does not allow: expected " + FORMS);
        }
    }

    /** What identifies the artifact whatever its version: {@code group:artifact:extension:classifier}. */
    public String key() {
        return groupId + ":" + artifactId + ":" + extension + ":" + classifier;
    }

    /** {@code group:artifact}, plus the classifier when there is one: how messages name an artifact. */
    public String shortName() {
        return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    /** The file name Maven gives it without extension: {@code commons-text-1.12.0}. */
    public String fileStem() {
        return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier);
    }

    public Coordinate withVersion(String v) {
        return new Coordinate(groupId, artifactId, extension, classifier, v);
    }

    /** Maven Resolver's form: {@code group:artifact[:extension[:classifier]]:version}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(groupId).append(':').append(artifactId);
        if (!classifier.isEmpty()) sb.append(':').append(extension).append(':').append(classifier);
        else if (!extension.equals("jar")) sb.append(':').append(extension);
        return sb.append(':').append(version).toString();
    }
}
