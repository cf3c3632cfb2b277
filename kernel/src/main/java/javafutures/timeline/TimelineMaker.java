package javafutures.timeline;

import javafutures.futures.LiveFutures;
import javafutures.futures.TaskFuture;

import java.util.Collection;

/** {@code Futures.timeline(...)}: a {@link LiveTimeline}, shown. Registered in META-INF/services. Stateless. */
public final class TimelineMaker implements LiveFutures.Maker {
    @Override
    public String kind() {
        return "timeline";
    }

    @Override
    public LiveFutures show(Collection<? extends TaskFuture<?>> futures) {
        return LiveTimeline.of(futures).show();
    }
}
