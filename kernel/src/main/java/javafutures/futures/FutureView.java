package javafutures.futures;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * How futures show themselves ({@link TaskFuture#toMimeBundle()}, {@link TaskFuture#toString()}), supplied
 * by the layer that draws tables ({@code javafutures.table}) through {@link ServiceLoader}, so the future
 * does not depend on its views (no import cycle). Without a provider a future renders as plain text.
 */
public interface FutureView {
    /** A status table of {@code futures} as of now: {@code text/html} and {@code text/plain}. */
    Map<String, String> render(List<? extends TaskFuture<?>> futures);

    /** A short text of a value or an exception, at most about {@code maxChars} long. */
    String summary(Object value, int maxChars);

    /** The installed view: the first provider found, else plain text. */
    static FutureView get() {
        return Holder.VIEW;
    }

    /** Loaded once, on first use. */
    final class Holder {
        static final FutureView VIEW = load();

        private Holder() {
        }

        private static FutureView load() {
            for (FutureView v : ServiceLoader.load(FutureView.class, FutureView.class.getClassLoader())) return v;
            return new FutureView() {
                @Override
                public Map<String, String> render(List<? extends TaskFuture<?>> futures) {
                    return Map.of("text/plain", String.valueOf(futures));
                }

                @Override
                public String summary(Object value, int maxChars) {
                    String s = String.valueOf(value);
                    return s.length() <= maxChars ? s : s.substring(0, maxChars) + "...";
                }
            };
        }
    }
}
