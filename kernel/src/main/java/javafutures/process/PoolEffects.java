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
}
