package javafutures.magic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Every malformed form of the futures magics gets a usage error naming the magic; nothing runs. */
class FutureMagicsArgsTest {
    private final MagicRegistry registry = new MagicRegistry()
            .register(new SubmitMagic(SubmitMagic.THREADS))
            .register(new FutureMagics.FuturesMagic())
            .register(new FutureMagics.WaitMagic())
            .register(new FutureMagics.CancelMagic())
            .register(new FutureMagics.PoolMagic());
    private final CellParser parser = new CellParser(registry);

    private void rejects(String cell, String magic, String fragment) {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> parser.parse(cell), cell);
        assertTrue(e.getMessage().startsWith("%" + magic), cell + " -> " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), cell + " -> " + e.getMessage());
    }

    @Test
    void wellFormedLinesParse() throws Exception {
        parser.parse("%%thread f --pool mine --name \"slow add\"\nThread.sleep(10);\n1 + 1");
        parser.parse("%%thread\n1");
        parser.parse("%futures\n%futures a b");
        parser.parse("%wait\n%wait a --timeout 2.5\n%wait --timeout 0");
        parser.parse("%cancel a b\n%cancel --all");
        parser.parse("%pool\n%pool threads 4\n%pool processes 2");
    }

    @Test
    void threadMagic() {
        rejects("%%thread 1x\nwork();", "thread", "not a valid Java variable name");
        rejects("%%thread class\nwork();", "thread", "not a valid Java variable name");
        rejects("%%thread a b\nwork();", "thread", "at most one variable");
        rejects("%%thread --pool\nwork();", "thread", "--pool needs a value");
        rejects("%%thread --name x --name y\nwork();", "thread", "given twice");
        rejects("%%thread --colour red\nwork();", "thread", "unknown option --colour");
        rejects("%%thread -p x\nwork();", "thread", "unknown option -p");
        rejects("%%thread f\n   \n", "thread", "no body");
        rejects("%%thread f", "thread", "no body");
    }

    @Test
    void waitMagic() {
        rejects("%wait --timeout", "wait", "--timeout needs a value");
        rejects("%wait --timeout soon", "wait", "number of seconds");
        rejects("%wait --timeout -1", "wait", "number of seconds");
        rejects("%wait --timeout NaN", "wait", "number of seconds");
        rejects("%wait 3f", "wait", "not a valid Java variable name");
    }

    @Test
    void cancelMagic() {
        rejects("%cancel", "cancel", "name the futures");
        rejects("%cancel --all f", "cancel", "--all takes no variable names");
        rejects("%cancel f-1", "cancel", "not a valid Java variable name");
    }

    @Test
    void poolMagic() {
        rejects("%pool threads", "pool", "'threads N'");
        rejects("%pool threads 0", "pool", "above 0");
        rejects("%pool threads two", "pool", "above 0");
        rejects("%pool gpus 2", "pool", "'threads N'");
        rejects("%pool threads 2 3", "pool", "'threads N'");
    }

    @Test
    void futuresMagic() {
        rejects("%futures 9lives", "futures", "not a valid Java variable name");
    }

    @Test
    void javaStringEscapes() {
        assertEquals("\"a\\\"b\\\\c\\n\"", MagicArgs.javaString("a\"b\\c\n"));
    }
}
