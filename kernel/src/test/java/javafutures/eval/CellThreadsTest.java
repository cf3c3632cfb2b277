package javafutures.eval;

import javafutures.output.CellTarget;
import javafutures.output.IopubPublisher;
import javafutures.output.OutputRouter;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A run's thread (started ahead of need, see {@link CellThreads}) behaves as a thread the caller had just
 * started: a new cell group per run, the caller's output target and the given context loader, all inherited
 * by the threads the cell starts.
 */
class CellThreadsTest {
    @AfterEach
    void noCell() {
        OutputRouter.setCurrent(null);
    }

    private static CellTarget cell() {
        return new CellTarget(new Message<>(new Header<>(MessageType.EXECUTE_REQUEST), null), new IopubPublisher() {
            @Override
            public <T extends ContentType<T>> void publish(MessageContext parent, T content) {
            }
        });
    }

    @Test
    void eachRunHasItsOwnCellGroupAndTheCallersCellAndLoaderAlsoInThreadsItStarts() throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[0], getClass().getClassLoader());
        ThreadGroup previous = null;
        for (int i = 0; i < 3; i++) {
            CellTarget target = cell();
            OutputRouter.setCurrent(target);
            AtomicReference<Object[]> child = new AtomicReference<>();
            Object[] seen = CellThreads.run(() -> {
                Thread t = new Thread(() -> child.set(new Object[]{Thread.currentThread().getThreadGroup(),
                        OutputRouter.current(), Thread.currentThread().getContextClassLoader()}));
                t.start();
                t.join();
                return new Object[]{Thread.currentThread().getThreadGroup(), OutputRouter.current(),
                        Thread.currentThread().getContextClassLoader()};
            }, loader);
            assertInstanceOf(CellThreadGroup.class, seen[0]);
            assertNotSame(previous, seen[0], "a new group per run");
            assertSame(target, seen[1], "the caller's cell");
            assertSame(loader, seen[2]);
            assertArrayEquals(seen, child.get(), "a thread the cell starts inherits its group, cell and loader");
            previous = (ThreadGroup) seen[0];
        }
    }

    @Test
    void withoutALoaderTheCallersLoaderIsUsedAndACellOfNoneHasNone() throws Exception {
        Object[] seen = CellThreads.run(() -> new Object[]{OutputRouter.current(), Thread.currentThread().getContextClassLoader()}, null);
        assertNull(seen[0]);
        assertSame(Thread.currentThread().getContextClassLoader(), seen[1]);
    }

    @Test
    void aRunStoppedBeforeItStartedRunsNothingAndTheNextRunWorks() throws Exception {
        CellThreads.beginExecution();
        try {
            assertTrue(CellThreads.stopCurrent());
            AtomicReference<Boolean> ran = new AtomicReference<>(false);
            assertThrows(CellThreads.StoppedException.class, () -> CellThreads.run(() -> ran.getAndSet(true), null));
            assertFalse(ran.get());
        } finally {
            CellThreads.endExecution();
        }
        assertEquals(42, (int) CellThreads.run(() -> 42, null));
    }
}
