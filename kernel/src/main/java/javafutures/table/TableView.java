package javafutures.table;

import javafutures.futures.FutureView;
import javafutures.futures.TaskFuture;

import java.util.List;
import java.util.Map;

/** The {@link FutureView} futures use to show themselves: the status table. Registered in META-INF/services. */
public final class TableView implements FutureView {
    @Override
    public Map<String, String> render(List<? extends TaskFuture<?>> futures) {
        return FutureTable.render(futures);
    }

    @Override
    public String summary(Object value, int maxChars) {
        return FutureTable.summary(value, maxChars);
    }
}
