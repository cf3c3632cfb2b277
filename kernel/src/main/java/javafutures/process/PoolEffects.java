package javafutures.process;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link WorkerPool} does once its lock is released, collected while it is held: listener calls
 * first (so a reply can never overtake the news of a start), then pipe writes, closes and kills, none of
 * which may happen under the lock (a full pipe blocks). Used by one thread; not thread-safe.
 */
final class PoolEffects {
    final List<Runnable> calls = new ArrayList<>();
    final Set<WorkerProcess> drain = new LinkedHashSet<>();
    final List<WorkerProcess> close = new ArrayList<>();
    final List<WorkerProcess> kill = new ArrayList<>();

    void run() {
        for (Runnable r : calls) r.run();
        for (WorkerProcess w : drain) w.drain();
        for (WorkerProcess w : close) w.closeInput();
        for (WorkerProcess w : kill) w.kill();
    }

    /**
     * Like {@link #run}, but the pipe writes join {@code later} (written by the caller once it has handled the
     * frames at hand, see {@link WorkerProcess.Events#caughtUp}) unless a worker is to be closed or killed:
     * then {@code later} and these are written first, as {@link #run} would have.
     */
    void runDeferringWrites(Set<WorkerProcess> later) {
        if (close.isEmpty() && kill.isEmpty()) {
            for (Runnable r : calls) r.run();
            later.addAll(drain);
            return;
        }
        drain.addAll(later);
        later.clear();
        run();
    }

    /** Writes what {@link #runDeferringWrites} left in {@code later}. */
    static void write(Set<WorkerProcess> later) {
        for (WorkerProcess w : later) w.drain();
        later.clear();
    }
}
