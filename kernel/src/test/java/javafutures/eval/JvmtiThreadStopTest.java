package javafutures.eval;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/** The forced stop of a loop inside JDK code, on the JDK the tests run on (17 and the newest). */
class JvmtiThreadStopTest {
    @Test
    void endsALoopInsideJdkCodeOnJdk22AndLater() throws Exception {
        if (Runtime.version().feature() < 22) {
            assertNotNull(JvmtiThreadStop.availability(), "before JDK 22 there is no route, and it says why");
            return;
        }
        assertNull(JvmtiThreadStop.availability());
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread loop = new Thread(() -> {
            try {
                System.out.println(LongStream.range(0, Long.MAX_VALUE).sum());
            } catch (Throwable t) {
                ended.set(t);
            }
        }, "runaway-" + System.nanoTime());
        loop.setDaemon(true);
        loop.start();
        Thread.sleep(200);
        assertNull(JvmtiThreadStop.stop(loop, new CellStoppedError()));
        loop.join(30_000);
        assertFalse(loop.isAlive(), "the loop still runs");
        assertInstanceOf(CellStoppedError.class, ended.get());
    }

    @Test
    void aThreadThatEndedIsNoError() throws Exception {
        if (Runtime.version().feature() < 22) return;
        Thread done = new Thread(() -> { }, "done-" + System.nanoTime());
        done.start();
        done.join();
        assertNull(JvmtiThreadStop.stop(done, new CellStoppedError()));
    }

    @Test
    void prepareSaysWhetherRunawayLoopsCanBeStopped() {
        int feature = Runtime.version().feature();
        String problem = CellThreads.prepareForcedStop();
        if (feature < 20 || feature >= 22) assertNull(problem);
        else assertTrue(problem.contains("JDK " + feature), problem);
    }
}
