package javafutures.process;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class BoundedCacheTest {
    @Test
    void keepsAtMostTheLimitDroppingTheLeastRecentlyUsed() {
        BoundedCache<String, Integer> c = new BoundedCache<>("javafutures.test.unset", 3);
        c.put("a", 1);
        c.put("b", 2);
        c.put("c", 3);
        assertEquals(1, c.get("a")); // a is now the most recently used
        c.put("d", 4);
        assertEquals(3, c.size());
        assertNull(c.get("b"), "b was the least recently used");
        assertEquals(1, c.get("a"));
        assertEquals(3, c.get("c"));
        assertEquals(4, c.get("d"));
    }

    @Test
    void theLimitComesFromItsPropertyAndCanChange() {
        System.setProperty("javafutures.test.cacheLimit", "2");
        try {
            BoundedCache<Integer, Integer> c = new BoundedCache<>("javafutures.test.cacheLimit", 100);
            assertEquals(2, c.limit());
            for (int i = 0; i < 10; i++) c.put(i, i);
            assertEquals(2, c.size());
            c.limit(1);
            assertEquals(1, c.size());
            assertEquals(9, c.get(9), "the most recent entry stays");
            c.limit(0);
            c.put(1, 1);
            assertEquals(0, c.size(), "a limit of 0 caches nothing");
            assertThrows(IllegalArgumentException.class, () -> c.limit(-1));
        } finally {
            System.clearProperty("javafutures.test.cacheLimit");
        }
    }

    @Test
    void aBadPropertyFallsBackToTheDefault() {
        for (String bad : new String[] {"-3", "many", ""}) {
            System.setProperty("javafutures.test.cacheLimit", bad);
            try {
                assertEquals(7, new BoundedCache<>("javafutures.test.cacheLimit", 7).limit(), bad);
            } finally {
                System.clearProperty("javafutures.test.cacheLimit");
            }
        }
    }

    @Test
    void getOrMakeRemakesWhatIsMissingOrUnusable() {
        BoundedCache<String, String> c = new BoundedCache<>("javafutures.test.unset", 4);
        AtomicInteger made = new AtomicInteger();
        assertEquals("x1", c.get("x", v -> true, k -> k + made.incrementAndGet()));
        assertEquals("x1", c.get("x", v -> true, k -> k + made.incrementAndGet()), "cached");
        assertEquals("x2", c.get("x", v -> false, k -> k + made.incrementAndGet()), "unusable: made again");
        assertEquals("x2", c.get("x"), "and kept");
        c.limit(0);
        assertEquals("x3", c.get("x", v -> true, k -> k + made.incrementAndGet()), "a value is made even when none is kept");
        assertEquals(2 + 1, made.get());
    }
}
