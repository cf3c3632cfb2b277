package javafutures.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inputs (and plain-text outputs) of this kernel session's cells, for {@code history_request}:
 * tail, range and glob search, as IPython answers them. Session number 1 is this session (0 and
 * negative numbers in requests mean "current"). Thread-safe.
 */
final class History {
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input) {
        entries.add(new Entry(line, input, null));
    }

    synchronized void setOutput(int line, String output) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).line() == line) {
                entries.set(i, new Entry(line, entries.get(i).input(), output));
                return;
            }
        }
    }

    /** The last {@code n} cells. */
    synchronized List<List<Object>> tail(int n, boolean output) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return rows(entries.subList(from, entries.size()), output);
    }

    /** Cells with {@code start <= line < stop} of a session (only this session is known). */
    synchronized List<List<Object>> range(int session, int start, int stop, boolean output) {
        if (session > 0 && session != SESSION) return List.of();
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) {
            if (e.line() >= start && (stop <= 0 || e.line() < stop)) hits.add(e);
        }
        return rows(hits, output);
    }

    /** Cells whose input matches a glob ({@code *}, {@code ?}); the last {@code n} (all if n <= 0). */
    synchronized List<List<Object>> search(String glob, int n, boolean unique, boolean output) {
        Pattern p = globToRegex(glob == null ? "*" : glob);
        Map<String, Entry> byInput = new LinkedHashMap<>();
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) {
            if (!p.matcher(e.input()).matches()) continue;
            if (unique) {
                byInput.remove(e.input());
                byInput.put(e.input(), e);
            } else {
                hits.add(e);
            }
        }
        if (unique) hits = new ArrayList<>(byInput.values());
        if (n > 0 && hits.size() > n) hits = hits.subList(hits.size() - n, hits.size());
        return rows(hits, output);
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static List<List<Object>> rows(List<Entry> list, boolean output) {
        List<List<Object>> rows = new ArrayList<>();
        for (Entry e : list) {
            Object third = output ? java.util.Arrays.asList(e.input(), e.output()) : e.input();
            rows.add(java.util.Arrays.asList(SESSION, e.line(), third));
        }
        return rows;
    }
}
