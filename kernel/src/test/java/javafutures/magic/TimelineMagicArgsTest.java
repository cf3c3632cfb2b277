package javafutures.magic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** {@code %timeline} and {@code %futures --timeline}: well-formed lines parse, malformed ones name the magic. */
class TimelineMagicArgsTest {
    private final CellParser parser = new CellParser(new MagicRegistry()
            .register(new FutureMagics.FuturesMagic())
            .register(new TimelineMagic()));

    private void rejects(String cell, String magic, String fragment) {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> parser.parse(cell), cell);
        assertTrue(e.getMessage().startsWith("%" + magic), cell + " -> " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), cell + " -> " + e.getMessage());
        assertTrue(e.getMessage().contains("usage: %" + magic), e.getMessage());
    }

    @Test
    void wellFormedLinesParse() throws Exception {
        parser.parse("%timeline\n%timeline a\n%timeline a b");
        parser.parse("%futures --timeline\n%futures a --timeline\n%futures --timeline a b");
    }

    @Test
    void malformedLinesAreUsageErrors() {
        rejects("%timeline 9x", "timeline", "not a valid Java variable name");
        rejects("%timeline --live", "timeline", "unknown option --live");
        rejects("%timeline -t", "timeline", "unknown option -t");
        rejects("%timeline new", "timeline", "not a valid Java variable name");
        rejects("%futures --timelines", "futures", "unknown option --timelines");
        rejects("%futures --timeline 1a", "futures", "not a valid Java variable name");
    }
}
