package javafutures.libraries;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PomBodyTest {
    @Test
    void readsAWholeProjectWithPropertiesManagedVersionsExclusionsAndRepositories() {
        PomBody pom = PomBody.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>me</groupId><artifactId>nb</artifactId><version>1</version>
                  <properties><math.version>3.6.1</math.version></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.demo</groupId><artifactId>managed</artifactId><version>2.0</version></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies>
                    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-math3</artifactId><version>${math.version}</version></dependency>
                    <dependency><groupId>org.demo</groupId><artifactId>managed</artifactId>
                      <exclusions><exclusion><groupId>org.x</groupId><artifactId>y</artifactId></exclusion></exclusions>
                    </dependency>
                    <dependency><groupId>org.demo</groupId><artifactId>natives</artifactId><version>1</version><classifier>linux</classifier></dependency>
                    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
                  </dependencies>
                  <repositories><repository><id>extra</id><url>https://repo.example.org/maven2</url></repository></repositories>
                </project>
                """, "%%loadFromPOM, cell [2]");
        assertEquals(List.of("org.apache.commons:commons-math3:3.6.1", "org.demo:managed:2.0", "org.demo:natives:jar:linux:1"),
                pom.dependencies().stream().map(r -> r.coordinate().toString()).toList());
        assertEquals(List.of("org.x:y"), pom.dependencies().get(1).exclusions());
        assertEquals("%%loadFromPOM, cell [2]", pom.dependencies().get(0).origin());
        assertEquals(List.of(new Resolution.Repo("extra", "https://repo.example.org/maven2")), pom.repositories());
        assertEquals(List.of("junit:junit (test scope)"), pom.skipped());
    }

    @Test
    void readsJustDependenciesOrLooseDependencyElements() {
        assertEquals(1, PomBody.parse("<dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId>"
                + "<version>1</version></dependency></dependencies>", "x").dependencies().size());
        PomBody loose = PomBody.parse("""
                <dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency>
                <dependency><groupId>a</groupId><artifactId>c</artifactId><version>2</version></dependency>
                <repositories><repository><id>r</id><url>file:/tmp/r</url></repository></repositories>
                """, "x");
        assertEquals(2, loose.dependencies().size());
        assertEquals(1, loose.repositories().size());
    }

    @Test
    void badBodiesNameTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PomBody.parse("<dependencies><dependency>", "x"))
                .getMessage().startsWith("the POM is not well-formed XML: line 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PomBody.parse(
                "<dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>", "x"))
                .getMessage().startsWith("a:b has no <version>"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PomBody.parse(
                "<dependency><groupId>a</groupId><artifactId>b</artifactId><version>${v}</version></dependency>", "x"))
                .getMessage().contains("${v} is not defined"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PomBody.parse("  ", "x"))
                .getMessage().contains("no POM"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PomBody.parse("<properties/>", "x"))
                .getMessage().contains("no <dependency>"));
        assertThrows(IllegalArgumentException.class, () -> PomBody.parse(
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><dependency>&e;</dependency>", "x"), "no external entities");
    }
}
