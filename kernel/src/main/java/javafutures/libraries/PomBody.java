package javafutures.libraries;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dependencies and repositories of a POM pasted into a {@code %%loadFromPOM} cell: a whole
 * {@code <project>}, or just its {@code <dependencies>}, {@code <dependency>}, {@code <repositories>},
 * {@code <properties>} and {@code <dependencyManagement>} elements. {@code ${property}} references are
 * replaced from the body's {@code <properties>} (and {@code project.version}/{@code project.groupId});
 * a dependency without a version takes it from the body's {@code <dependencyManagement>}. Test-scoped
 * dependencies are left out, as a notebook is not a test run. A parent POM or an imported BOM is not read:
 * a version that would come from one must be written. Immutable.
 */
record PomBody(List<Resolution.Root> dependencies, List<Resolution.Repo> repositories, List<String> skipped) {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /** @throws IllegalArgumentException naming the line of malformed XML, or the dependency that is incomplete */
    static PomBody parse(String body, String origin) {
        String xml = body.strip();
        if (xml.isEmpty()) throw new IllegalArgumentException("the cell has no POM: paste a <project> or its <dependencies> below the first line");
        Element root = document(xml).getDocumentElement();
        Element project = name(root).equals("project") ? root : null;
        Element scope = project != null ? project : root;
        Map<String, String> props = new HashMap<>();
        for (Element p : children(child(scope, "properties"))) props.put(name(p), p.getTextContent().strip());
        if (project != null) {
            String version = text(project, "version");
            if (version == null) version = text(child(project, "parent"), "version");
            String group = text(project, "groupId");
            if (group == null) group = text(child(project, "parent"), "groupId");
            if (version != null) props.putIfAbsent("project.version", version);
            if (group != null) props.putIfAbsent("project.groupId", group);
        }
        Map<String, String> managed = new HashMap<>();
        for (Element d : dependencyElements(child(child(scope, "dependencyManagement"), "dependencies"), null)) {
            String v = text(d, "version");
            if (v != null) managed.put(interpolate(text(d, "groupId"), props) + ":" + interpolate(text(d, "artifactId"), props),
                    interpolate(v, props));
        }
        List<Resolution.Root> deps = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Element d : dependencyElements(child(scope, "dependencies"), project == null ? root : null)) {
            String group = required(d, "groupId", props), artifact = required(d, "artifactId", props);
            String ga = group + ":" + artifact;
            String version = text(d, "version") == null ? managed.get(ga) : interpolate(text(d, "version"), props);
            String scopeName = text(d, "scope") == null ? "compile" : interpolate(text(d, "scope"), props);
            if (scopeName.equals("test") || scopeName.equals("import")) {
                skipped.add(ga + " (" + scopeName + " scope)");
                continue;
            }
            if (version == null) {
                throw new IllegalArgumentException(ga + " has no <version>, and none is managed in this body "
                        + "(%%loadFromPOM reads no parent POM or imported BOM): write the version");
            }
            String type = text(d, "type") == null ? "jar" : interpolate(text(d, "type"), props);
            String classifier = text(d, "classifier") == null ? "" : interpolate(text(d, "classifier"), props);
            String extension = switch (type) {
                case "jar", "ejb", "maven-plugin", "bundle", "test-jar", "ejb-client" -> "jar";
                default -> type;
            };
            if (classifier.isEmpty() && type.equals("test-jar")) classifier = "tests";
            if (classifier.isEmpty() && type.equals("ejb-client")) classifier = "client";
            Coordinate c;
            try {
                Coordinate.parse(ga + ":" + version); // the same checks as a %maven line
                c = new Coordinate(group, artifact, extension, classifier, version);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("<dependency> " + ga + ": " + e.getMessage());
            }
            List<String> exclusions = new ArrayList<>();
            for (Element x : children(child(d, "exclusions"))) {
                exclusions.add(interpolate(text(x, "groupId"), props) + ":" + interpolate(text(x, "artifactId"), props));
            }
            deps.add(new Resolution.Root(c, exclusions, origin));
        }
        List<Resolution.Repo> repos = new ArrayList<>();
        Element reposElement = child(scope, "repositories");
        List<Element> repoElements = reposElement != null ? children(reposElement)
                : name(root).equals("repository") ? List.of(root) : List.of();
        for (Element r : repoElements) {
            repos.add(new Resolution.Repo(required(r, "id", props), required(r, "url", props)));
        }
        if (deps.isEmpty() && repos.isEmpty()) {
            throw new IllegalArgumentException("found no <dependency> and no <repository> in the cell"
                    + (skipped.isEmpty() ? "" : " (skipped: " + String.join(", ", skipped) + ")"));
        }
        return new PomBody(deps, repos, skipped);
    }

    private static Document document(String xml) {
        String wrapped = xml.replaceFirst("^<\\?xml[^>]*\\?>", "").strip();
        boolean whole = wrapped.startsWith("<project");
        if (!whole) wrapped = "<fragment>" + wrapped + "</fragment>";
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(wrapped)));
        } catch (SAXParseException e) {
            throw new IllegalArgumentException("the POM is not well-formed XML: line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (Exception e) {
            throw new IllegalArgumentException("the POM cannot be read: " + e.getMessage());
        }
    }

    /** The {@code <dependency>} children of {@code list}, or, in a fragment, those at the top level. */
    private static List<Element> dependencyElements(Element list, Element fragment) {
        List<Element> out = new ArrayList<>();
        for (Element e : children(list)) if (name(e).equals("dependency")) out.add(e);
        if (fragment != null) {
            for (Element e : children(fragment)) if (name(e).equals("dependency")) out.add(e);
            if (name(fragment).equals("dependency")) out.add(fragment);
        }
        return out;
    }

    private static String name(Element e) {
        String n = e.getTagName();
        return n.substring(n.indexOf(':') + 1);
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        if (e == null) return out;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) out.add(el);
        }
        return out;
    }

    private static Element child(Element e, String name) {
        for (Element c : children(e)) if (name(c).equals(name)) return c;
        return null;
    }

    private static String text(Element e, String name) {
        Element c = child(e, name);
        if (c == null) return null;
        String t = c.getTextContent().strip();
        return t.isEmpty() ? null : t;
    }

    private static String required(Element e, String name, Map<String, String> props) {
        String t = text(e, name);
        if (t == null) throw new IllegalArgumentException("a <" + name(e) + "> has no <" + name + ">");
        return interpolate(t, props);
    }

    private static String interpolate(String s, Map<String, String> props) {
        if (s == null) return null;
        Matcher m = PROPERTY.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = props.get(m.group(1));
            if (v == null) v = System.getProperty(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("${" + m.group(1) + "} is not defined in the body's <properties>");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
