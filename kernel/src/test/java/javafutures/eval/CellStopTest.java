package javafutures.eval;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The woven stop checks on their own, without the forced stop of {@link CellThreads}: a compiled tight
 * loop in woven code ends once its cell's group is flagged and the checks are armed; the same loop on
 * a thread outside every cell keeps running; disarmed checks stop nothing.
 */
class CellStopTest {
    /** Compiled into the test classes, then woven and loaded afresh by {@link #wovenSpin()}. */
    public static final class Spinner {
        public static volatile boolean done;

        public static long spin() {
            long i = 0;
            while (!done) {
                i++;
            }
            return i;
        }
    }

    @AfterEach
    void disarm() {
        CellStop.disarm();
    }

    private static Method wovenSpin() throws Exception {
        String name = Spinner.class.getName();
        byte[] bytes;
        try (InputStream in = CellStopTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        byte[] woven = StopCheckWeaver.weave(bytes);
        ClassLoader loader = new ClassLoader(CellStopTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (n.equals(name)) {
                    synchronized (getClassLoadingLock(n)) {
                        Class<?> c = findLoadedClass(n);
                        return c != null ? c : defineClass(n, woven, 0, woven.length);
                    }
                }
                return super.loadClass(n, resolve);
            }
        };
        return loader.loadClass(name).getMethod("spin");
    }

    private static Thread spinning(ThreadGroup group, Method spin, AtomicReference<Throwable> ended) {
        Thread t = new Thread(group, () -> {
            try {
                spin.invoke(null);
            } catch (java.lang.reflect.InvocationTargetException e) {
                ended.set(e.getCause());
            } catch (Throwable e) {
                ended.set(e);
            }
        }, "spinner");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void armedChecksEndOnlyTheStoppedCellsCompiledLoop() throws Exception {
        Method spin = wovenSpin();
        CellThreadGroup cell = new CellThreadGroup(new ThreadGroup("cells"), "cell-test");
        AtomicReference<Throwable> cellEnd = new AtomicReference<>(), poolEnd = new AtomicReference<>();
        Thread inCell = spinning(cell, spin, cellEnd);
        Thread inPool = spinning(CellThreadsTestSupport.poolGroup(), spin, poolEnd);
        Thread.sleep(500); // long enough for the loop to be compiled with the no-op check inlined

        inCell.join(300);
        assertTrue(inCell.isAlive(), "a disarmed check stopped a loop");
        cell.requestStop();
        CellStop.arm();
        inCell.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(inCell.isAlive(), "the stopped cell's loop still runs with the checks armed");
        assertInstanceOf(CellStoppedError.class, cellEnd.get());

        inPool.join(300);
        assertTrue(inPool.isAlive(), "the check stopped a thread outside the stopped cell");
        spin.getDeclaringClass().getField("done").setBoolean(null, true);
        inPool.join(TimeUnit.SECONDS.toMillis(30));
        assertNull(poolEnd.get(), "the pool thread's loop ended normally");
    }

    @Test
    void aStoppedCellArmsTheChecksUntilItsThreadsHaveEnded() throws Exception {
        JShellEvaluator jshell = new JShellEvaluator();
        try {
            jshell.eval("long spin() { long i = 0; while (true) { i++; } }");
            Thread stopper = new Thread(() -> {
                while (!CellThreads.isRunning()) Thread.onSpinWait();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                jshell.interrupt();
            });
            stopper.start();
            CellError e = assertThrows(CellError.class, () -> jshell.eval("spin();"));
            assertEquals("Interrupted", e.ename());
            assertFalse(CellStop.isArmed(), "the checks stayed armed after the stopped cell ended");
            assertEquals(3, jshell.eval("1 + 2").value());
        } finally {
            jshell.close();
        }
    }
}
