package javafutures.table;

import javafutures.futures.LiveFutures;
import javafutures.futures.TaskFuture;

import java.util.Collection;

/** {@code Futures.table(...)}: a {@link LiveTable}, shown. Registered in META-INF/services. Stateless. */
public final class TableMaker implements LiveFutures.Maker {
    @Override
    public String kind() {
        return "table";
    }

    @Override
    public LiveFutures show(Collection<? extends TaskFuture<?>> futures) {
        return LiveTable.of(futures).show();
    }
}
