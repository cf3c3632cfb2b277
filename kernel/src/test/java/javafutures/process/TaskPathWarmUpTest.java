package javafutures.process;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskPathWarmUpTest {
    @Test
    void runsEveryTaskThroughTheRealPathInSlices() {
        TaskPathWarmUp w = new TaskPathWarmUp(300);
        assertFalse(w.done());
        int slices = 0;
        while (!w.done() && slices < 100_000) {
            w.slice();
            slices++;
        }
        // a task that did not round-trip (prepare, frames, decoded value) would end it with a failure
        assertNull(w.failure(), () -> "warm-up failed: " + w.failure());
        assertTrue(w.done());
        w.slice(); // later calls do nothing
        assertNull(w.failure());
    }

    @Test
    void zeroTasksIsOff() {
        TaskPathWarmUp w = new TaskPathWarmUp(0);
        assertTrue(w.done());
        w.slice();
        assertNull(w.failure());
    }
}
