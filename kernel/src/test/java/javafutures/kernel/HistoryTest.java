package javafutures.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class HistoryTest {
    private History filled() {
        History h = new History();
        h.add(1, "int x = 1;");
        h.add(2, "x + 1");
        h.add(3, "x + 1");
        h.add(4, "System.out.println(x);");
        h.setOutput(2, "2");
        return h;
    }

    @Test
    void tailGivesTheLastN() {
        List<List<Object>> rows = filled().tail(2, false);
        assertEquals(List.of(List.of(1, 3, "x + 1"), List.of(1, 4, "System.out.println(x);")), rows);
    }

    @Test
    void tailWithOutputPairsInputAndOutput() {
        List<List<Object>> rows = filled().tail(3, true);
        assertEquals(java.util.Arrays.asList("x + 1", "2"), rows.get(0).get(2));
    }

    @Test
    void rangeIsHalfOpen() {
        assertEquals(List.of(List.of(1, 2, "x + 1")), filled().range(1, 2, 3, false));
        assertEquals(List.of(), filled().range(7, 1, 5, false), "unknown session");
        assertEquals(4, filled().range(0, 1, 0, false).size(), "session 0 is current, stop 0 is open");
    }

    @Test
    void searchIsAGlobWithUniqueAndN() {
        History h = filled();
        assertEquals(2, h.search("x + *", 0, false, false).size());
        assertEquals(1, h.search("x + *", 0, true, false).size());
        assertEquals(1, h.search("*", 1, false, false).size());
        assertEquals(0, h.search("y?", 0, false, false).size());
        assertEquals(1, h.search("int ? = 1;", 0, false, false).size());
    }
}
