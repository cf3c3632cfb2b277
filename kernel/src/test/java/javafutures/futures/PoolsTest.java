package javafutures.futures;

import javafutures.pools.Pools;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Pools: the default pool, names, the future registry, registering other pool kinds. */
class PoolsTest {

    @Test
    void defaultThreadPoolIsSharedAndRecreatedIfShutDown() {
        ThreadPool a = Pools.threads();
        assertSame(a, Pools.threads());
        assertEquals("threads", a.name());
        assertEquals(Runtime.getRuntime().availableProcessors(), a.workers());
        assertSame(a, Pools.byName("threads"));
        assertSame(a, Pools.threadPool("threads"));
        assertEquals(3, a.submit(() -> 3).result(Duration.ofSeconds(30)));
        a.shutdown();
        ThreadPool b = Pools.threads();
        assertNotSame(a, b, "a shut-down default pool is replaced");
        assertFalse(b.isShutdown());
    }

    @Test
    void resizeThreads() {
        Pools.resizeThreads(3);
        assertEquals(3, Pools.threads().workers());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pools.resizeThreads(0)).getMessage().contains("workers"));
        Pools.resizeThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void namedPoolsAreFoundByName() {
        try (ThreadPool p = ThreadPool.builder().name("lookup-me").workers(1).build()) {
            assertSame(p, Pools.byName("lookup-me"));
            assertSame(p, Pools.threadPool("lookup-me"));
            assertTrue(Pools.pools().contains(p));
            try (ThreadPool newer = ThreadPool.builder().name("lookup-me").workers(1).build()) {
                assertSame(newer, Pools.byName("lookup-me"), "the newest of a name wins");
            }
            assertSame(p, Pools.byName("lookup-me"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pools.byName("lookup-me"));
        assertTrue(e.getMessage().contains("no pool named \"lookup-me\"") && e.getMessage().contains("threads"), e.getMessage());
        assertFalse(Pools.pools().stream().anyMatch(x -> x.name().equals("lookup-me")), "terminated pools drop out");
        assertEquals("name", assertThrows(NullPointerException.class, () -> Pools.byName(null)).getMessage());
    }

    /** A pool of another kind, as a process pool would register itself. */
    static final class FakePool implements TaskPool {
        boolean shutdown;

        public String name() {
            return "fake";
        }

        public String kind() {
            return "processes";
        }

        public int workers() {
            return 2;
        }

        public List<String> workerNames() {
            return List.of("pid 11", "pid 12");
        }

        public int queued() {
            return 1;
        }

        public int running() {
            return 2;
        }

        public long finished() {
            return 3;
        }

        public void resize(int workers) {
            throw new UnsupportedOperationException();
        }

        public boolean isShutdown() {
            return shutdown;
        }

        public boolean isTerminated() {
            return shutdown;
        }

        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }
    }

    @Test
    void otherPoolKindsRegister() {
        FakePool fake = new FakePool();
        Pools.register(fake);
        try {
            assertSame(fake, Pools.byName("fake"));
            assertEquals("fake (processes): 2 workers, 2 running, 1 queued, 3 finished", fake.describe());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pools.threadPool("fake"));
            assertTrue(e.getMessage().contains("processes"), e.getMessage());
            FakePool def = Pools.defaultPool(Pools.PROCESSES, FakePool::new);
            assertSame(def, Pools.defaultPool(Pools.PROCESSES, FakePool::new));
            def.shutdown = true;
            assertNotSame(def, Pools.defaultPool(Pools.PROCESSES, FakePool::new), "recreated after shutdown");
        } finally {
            Pools.unregister(fake);
        }
        assertFalse(Pools.pools().contains(fake));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ThreadPool.builder().name("processes").build())
                .getMessage().contains("reserved"));
    }

    @Test
    void registryListsLiveFuturesOldestFirst() {
        TestFuture<Integer> a = new TestFuture<>("reg-a");
        TestFuture<Integer> b = new TestFuture<>("reg-b");
        List<TaskFuture<?>> all = Pools.futures();
        int ia = all.indexOf(a);
        int ib = all.indexOf(b);
        assertTrue(ia >= 0 && ib > ia, ia + " " + ib);
    }

    @Test
    void registryHoldsFuturesWeakly() throws Exception {
        java.lang.ref.WeakReference<TestFuture<Integer>> ref = new java.lang.ref.WeakReference<>(new TestFuture<>("forgotten"));
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "the registry does not keep a future alive");
        assertTrue(Pools.futures().stream().noneMatch(f -> f.name().equals("forgotten")));
        FutureRegistry.sweep(); // and sweeping drops the cleared reference without harm
        assertTrue(Pools.futures().stream().noneMatch(f -> f.name().equals("forgotten")));
    }

    @Test
    void registryKeepsEveryLiveFutureAcrossManyChunksAndSweeps() {
        List<TestFuture<Integer>> kept = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            TestFuture<Integer> f = new TestFuture<>();
            if (i % 7 == 0) kept.add(f);
        }
        FutureRegistry.sweep();
        System.gc();
        FutureRegistry.sweep();
        FutureRegistry.sweep();
        java.util.Set<TaskFuture<?>> listed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        listed.addAll(Pools.futures());
        for (TestFuture<Integer> f : kept) assertTrue(listed.contains(f), f.name());
        List<TaskFuture<?>> all = Pools.futures();
        for (int i = 1; i < all.size(); i++) assertTrue(all.get(i - 1).id() < all.get(i).id(), "oldest first");
    }

    @Test
    void registryChunksDieWithTheirFuturesAndLiveOnesStayListed() throws Exception {
        FutureRegistry.sweep();
        int before = FutureRegistry.chunks();
        TestFuture<Integer> kept = new TestFuture<>("kept-among-thousands");
        for (int i = 0; i < 5000; i++) new TestFuture<Integer>();
        assertTrue(FutureRegistry.chunks() > before + 10, "5,000 futures fill many chunks");
        for (int i = 0; i < 100 && FutureRegistry.chunks() > before + 3; i++) {
            System.gc();
            Thread.sleep(10);
            FutureRegistry.sweep();
        }
        assertTrue(FutureRegistry.chunks() <= before + 3, "chunks of futures nobody holds are collected: " + FutureRegistry.chunks());
        assertTrue(Pools.futures().contains(kept), "a future still held stays listed");
        assertEquals("kept-among-thousands", kept.name());
    }

    @Test
    void threadGroupIsAChildOfTheRoot() {
        ThreadGroup g = Pools.threadGroup();
        assertEquals("java-futures-pools", g.getName());
        assertNull(g.getParent().getParent(), "its parent is the root group");
    }
}
