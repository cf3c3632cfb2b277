package javafutures.futures;

/** Adds and removes internal listeners, as {@code Futures.waitFor} does when it times out. */
final class FuturesRemoveCheck {
    private FuturesRemoveCheck() {
    }

    static void addAndRemoveListeners(TaskFuture<?> f, int times) {
        for (int i = 0; i < times; i++) {
            TaskFuture.DoneListener l = x -> { };
            f.addListener(l);
            f.removeListener(l);
        }
    }
}
