package javafutures.libraries;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoordinateTest {
    @Test
    void threePartsAreGroupArtifactVersion() {
        Coordinate c = Coordinate.parse("org.apache.commons:commons-math3:3.6.1");
        assertEquals(new Coordinate("org.apache.commons", "commons-math3", "jar", "", "3.6.1"), c);
        assertEquals("org.apache.commons:commons-math3:3.6.1", c.toString());
        assertEquals("commons-math3-3.6.1", c.fileStem());
    }

    @Test
    void fourPartsAreAClassifierUnlessTheThirdIsAPackaging() {
        Coordinate classified = Coordinate.parse("org.openjfx:javafx-base:linux:21");
        assertEquals("linux", classified.classifier());
        assertEquals("jar", classified.extension());
        assertEquals("org.openjfx:javafx-base:jar:linux:21", classified.toString());
        assertEquals("javafx-base-21-linux", classified.fileStem());
        Coordinate pom = Coordinate.parse("org.junit:junit-bom:pom:5.11.2");
        assertEquals("pom", pom.extension());
        assertEquals("", pom.classifier());
    }

    @Test
    void fivePartsAreResolverOrderAndATrailingScopeIsIgnored() {
        Coordinate c = Coordinate.parse("net.sf.json-lib:json-lib:jar:jdk15:2.4");
        assertEquals("jdk15", c.classifier());
        assertEquals("2.4", c.version());
        assertEquals(Coordinate.parse("org.apache.commons:commons-lang3:3.14.0"),
                Coordinate.parse("org.apache.commons:commons-lang3:jar:3.14.0:compile"), "as mvn dependency:list prints it");
    }

    @Test
    void versionRangesAreAllowed() {
        assertEquals("[1.0,2.0)", Coordinate.parse("a:b:[1.0,2.0)").version());
    }

    @Test
    void malformedCoordinatesAreRejectedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Coordinate.parse("commons-math3"))
                .getMessage().contains("GROUP:ARTIFACT:VERSION"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Coordinate.parse("a::1"))
                .getMessage().contains("empty artifact id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Coordinate.parse("a:b c:1"))
                .getMessage().contains("'b c'"));
        assertThrows(IllegalArgumentException.class, () -> Coordinate.parse("a:b:c:d:e:f"));
        assertThrows(IllegalArgumentException.class, () -> Coordinate.parse("a:b:"));
    }

    @Test
    void keyIgnoresTheVersion() {
        assertEquals(Coordinate.parse("a:b:1").key(), Coordinate.parse("a:b:2").key());
        assertTrue(!Coordinate.parse("a:b:x:1").key().equals(Coordinate.parse("a:b:1").key()));
    }
}
