package javafutures.table;

import javafutures.display.Renderer;

import java.time.Duration;
import java.util.Locale;

/**
 * Formatting of table cells (and timeline labels): escaping, short summaries of values and exceptions,
 * elapsed times. Stateless.
 */
public final class Cells {
    private Cells() {
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String html(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep;
            switch (c) {
                case '<': rep = "&lt;"; break;
                case '>': rep = "&gt;"; break;
                case '&': rep = "&amp;"; break;
                case '"': rep = "&quot;"; break;
                case '\'': rep = "&#39;"; break;
                default: rep = null;
            }
            if (rep != null && sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (sb != null) {
                if (rep != null) sb.append(rep); else sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** A value as JShell would print it, on one line, at most {@code max} characters (then an ellipsis). */
    static String value(Object v, int max) {
        String s;
        try {
            s = Renderer.plainText(v);
        } catch (Throwable e) {
            s = "<toString() threw " + e.getClass().getSimpleName() + ">";
        }
        return truncate(oneLine(s), max);
    }

    /** An exception as {@code SimpleName: message}, one line, at most {@code max} characters. */
    static String error(Throwable e, int max) {
        String msg;
        try {
            msg = e.getMessage();
        } catch (Throwable t) {
            msg = null;
        }
        String s = e.getClass().getSimpleName();
        if (s.isEmpty()) s = e.getClass().getName();
        if (msg != null && !msg.isBlank()) s += ": " + msg;
        return truncate(oneLine(s), max);
    }

    public static String oneLine(String s) {
        if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\t') < 0) return s;
        return s.replace("\r\n", " ⏎ ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }

    /** Cuts {@code s} to at most {@code max} characters, the last being an ellipsis; never splits a surrogate pair. */
    public static String truncate(String s, int max) {
        if (s.length() <= max) return s;
        int cut = Math.max(0, max - 1);
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
        return s.substring(0, cut) + "…";
    }

    /** {@code 0.0s} … {@code 59.9s}, then {@code 1m 05s}, then {@code 1h 02m}: always short, stable width. */
    static String elapsed(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s / 60 % 60);
    }

    /** Pads or cuts to exactly {@code width} characters (text/plain columns). */
    public static String pad(String s, int width, boolean right) {
        s = truncate(s, width);
        if (s.length() == width) return s;
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }
}
