package javafutures.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Map;

/** Turns a value into a Jupyter mime bundle. Stateless and thread-safe. */
public final class Renderer {
    private Renderer() {
    }

    /**
     * Renders {@code value}: {@link DisplayData} as is, {@link MimeRenderable} by its bundle, anything else
     * as {@code text/plain} (arrays element by element). With {@code mimeTypes}, a value that is a
     * {@link CharSequence} is taken as content of those types (e.g. {@code display(html, "text/html")}),
     * and a richer value keeps only the types asked for.
     */
    public static DisplayData render(Object value, String... mimeTypes) {
        DisplayData data = new DisplayData();
        if (value instanceof DisplayData) {
            data.assign((DisplayData) value);
        } else if (value instanceof MimeRenderable) {
            Map<String, String> bundle = ((MimeRenderable) value).toMimeBundle();
            boolean any = false;
            for (Map.Entry<String, String> e : bundle.entrySet()) {
                if (mimeTypes.length == 0 || Arrays.asList(mimeTypes).contains(e.getKey())) {
                    data.putData(e.getKey(), e.getValue());
                    any = true;
                }
            }
            if (!any) data.putText(String.valueOf(bundle.getOrDefault("text/plain", String.valueOf(value))));
        } else if (mimeTypes.length > 0 && value instanceof CharSequence) {
            for (String mime : mimeTypes) data.putData(mime, value.toString());
            if (!Arrays.asList(mimeTypes).contains("text/plain")) data.putText(value.toString());
        } else {
            data.putText(plainText(value));
        }
        return data;
    }

    /** The text a Java developer expects to see for a value, as JShell would print it. */
    public static String plainText(Object value) {
        if (value == null) return "null";
        if (value.getClass().isArray()) {
            if (value instanceof Object[]) return Arrays.deepToString((Object[]) value);
            int n = Array.getLength(value);
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(", ");
                sb.append(Array.get(value, i));
            }
            return sb.append(']').toString();
        }
        if (value instanceof String) return '"' + (String) value + '"';
        if (value instanceof Character) return "'" + value + "'";
        return String.valueOf(value);
    }
}
