package javafutures.display;

import java.util.Map;

/**
 * A value that knows how to show itself in a notebook. When such a value is a cell's result or is passed
 * to {@code display(...)}, its bundle is sent as is (mime type to text), instead of its {@code toString()}.
 */
public interface MimeRenderable {
    /** Mime type to content, e.g. {@code text/html} and a {@code text/plain} twin. */
    Map<String, String> toMimeBundle();
}
