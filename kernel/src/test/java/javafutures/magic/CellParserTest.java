package javafutures.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CellParserTest {
    private final MagicRegistry registry = new MagicRegistry()
            .register(new HelpMagics.LsMagic())
            .register(new HelpMagics.MagicHelp())
            .register(new TimeMagic());
    private final CellParser parser = new CellParser(registry);

    @Test
    void plainCodeIsOnePart() throws Exception {
        List<CellParser.Part> parts = parser.parse("int x = 1;\nx + 1");
        assertEquals(1, parts.size());
        assertEquals("int x = 1;\nx + 1", parts.get(0).code());
    }

    @Test
    void lineMagicsSplitCodeInOrder() throws Exception {
        List<CellParser.Part> parts = parser.parse("int x = 1;\n%time x + 1\nx");
        assertEquals(3, parts.size());
        assertTrue(parts.get(1).isMagic());
        assertEquals("time", parts.get(1).magic().name());
        assertEquals("x + 1", parts.get(1).magic().rawArgs());
        // code after a magic keeps its line number (a blank line stands in for the magic)
        assertEquals("\nx", parts.get(2).code());
        assertEquals(1, parts.get(0).line());
        assertEquals(2, parts.get(1).line(), "the magic's own line");
        assertEquals(2, parts.get(2).line(), "the text starts with the magic's stand-in line");
    }

    @Test
    void partsKnowTheirLineInTheCell() throws Exception {
        List<CellParser.Part> parts = parser.parse("int a = 1;\nint b = 2;\n%time a\n\nint c = 3;\n%time b");
        assertEquals(List.of(1, 3, 3, 6), parts.stream().map(CellParser.Part::line).toList());
        assertEquals(3, parser.parse("\n\n%%time\n1").get(0).line(), "a cell magic after blank lines");
    }

    @Test
    void cellMagicTakesTheBody() throws Exception {
        List<CellParser.Part> parts = parser.parse("%%time\nThread.sleep(1);\n1");
        assertEquals(1, parts.size());
        assertEquals("Thread.sleep(1);\n1", parts.get(0).magic().body());
    }

    @Test
    void questionMarkAsksForHelp() throws Exception {
        MagicCall call = parser.parse("%time?").get(0).magic();
        assertEquals("magic-help", call.name());
        assertEquals(List.of("time"), call.args());
    }

    @Test
    void unknownMagicIsNamedAndNothingRuns() {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> parser.parse("int x = 1;\n%nosuch 3"));
        assertTrue(e.getMessage().contains("%nosuch"), e.getMessage());
        assertTrue(e.getMessage().contains("%lsmagic"), e.getMessage());
    }

    @Test
    void malformedForms() {
        assertThrows(MagicUsageException.class, () -> parser.parse("%"), "no name");
        assertThrows(MagicUsageException.class, () -> parser.parse("%lsmagic extra"), "lsmagic takes no args");
        assertThrows(MagicUsageException.class, () -> parser.parse("%time"), "time needs a statement");
        assertThrows(MagicUsageException.class, () -> parser.parse("%%lsmagic\nbody"), "line magic as cell magic");
        assertThrows(MagicUsageException.class, () -> parser.parse("int x;\n%%time\nx"), "cell magic not first");
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> parser.parse("%time \"unclosed"));
        assertTrue(e.getMessage().contains("quote"), e.getMessage());
    }

    @Test
    void usageErrorNamesTheMagicAndItsUsage() {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> parser.parse("%lsmagic now"));
        assertTrue(e.getMessage().startsWith("%lsmagic:"), e.getMessage());
        assertTrue(e.getMessage().contains("usage: %lsmagic"), e.getMessage());
    }

    @Test
    void splitsLikeAShell() throws Exception {
        assertEquals(List.of("a", "b c", "d'e", "f"), CellParser.split("a \"b c\" \"d'e\"  f"));
        assertEquals(List.of("x y"), CellParser.split("x\\ y"));
        assertEquals(List.of(), CellParser.split("   "));
    }
}
