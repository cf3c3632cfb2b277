package javafutures.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into Java code and magics. A first line {@code %%name args} makes the whole cell a cell
 * magic; otherwise each line starting with {@code %} (after indentation) is a line magic, run in order
 * with the code around it. Every magic is looked up and checked here, before anything runs.
 * Stateless.
 */
public final class CellParser {
    /**
     * A piece of a cell: Java code, or a magic. {@code line} is the cell's line (from 1) where the part's
     * text starts: where a code part's first line is, or the magic's own line.
     */
    public record Part(String code, MagicCall magic, int line) {
        public Part(String code, MagicCall magic) {
            this(code, magic, 1);
        }

        public boolean isMagic() {
            return magic != null;
        }
    }

    private final MagicRegistry registry;

    public CellParser(MagicRegistry registry) {
        this.registry = registry;
    }

    /**
     * A cell's shape, without looking its magics up (for {@code is_complete}): the head of its cell magic
     * (the text after {@code %%} on the first line) and the body below it, or, for a cell without one,
     * its Java with line-magic lines blanked (so line numbers stay).
     */
    public record Shape(String cellMagicHead, String body, String java) {
    }

    public static Shape shape(String cell) {
        String stripped = cell.stripLeading();
        if (stripped.startsWith("%%")) {
            int nl = stripped.indexOf('\n');
            return new Shape(nl < 0 ? stripped.substring(2) : stripped.substring(2, nl), nl < 0 ? "" : stripped.substring(nl + 1), null);
        }
        StringBuilder java = new StringBuilder();
        for (String line : cell.split("\n", -1)) {
            if (java.length() > 0) java.append('\n');
            if (!isLineMagic(line.strip())) java.append(line);
        }
        return new Shape(null, null, java.toString());
    }

    private static boolean isLineMagic(String strippedLine) {
        return strippedLine.startsWith("%") && !strippedLine.startsWith("%%");
    }

    public List<Part> parse(String cell) throws MagicUsageException {
        List<Part> parts = new ArrayList<>();
        String stripped = cell.stripLeading();
        if (stripped.startsWith("%%")) {
            int nl = stripped.indexOf('\n');
            String head = nl < 0 ? stripped : stripped.substring(0, nl);
            String body = nl < 0 ? "" : stripped.substring(nl + 1);
            int headLine = 1 + (int) cell.substring(0, cell.length() - stripped.length()).chars().filter(c -> c == '\n').count();
            parts.add(new Part(null, checked(parseHead(head.substring(2), body, true)), headLine));
            return parts;
        }
        StringBuilder code = new StringBuilder();
        int lineNo = 0;
        int codeLine = 1;
        for (String line : cell.split("\n", -1)) {
            lineNo++;
            String t = line.strip();
            if (isLineMagic(t)) {
                if (code.length() > 0 && !code.toString().isBlank()) parts.add(new Part(code.toString(), null, codeLine));
                code.setLength(0);
                codeLine = lineNo;
                parts.add(new Part(null, checked(parseHead(t.substring(1), null, false)), lineNo));
                // keep line numbers of later code right in error messages
                code.append('\n');
            } else if (t.startsWith("%%")) {
                throw new MagicUsageException(t.split("\\s+")[0] + " is a cell magic: it must be on the cell's first line");
            } else {
                code.append(line).append('\n');
            }
        }
        if (!code.toString().isBlank()) parts.add(new Part(code.substring(0, code.length() - 1), null, codeLine));
        return parts;
    }

    private MagicCall checked(MagicCall call) throws MagicUsageException {
        if (call.name().isEmpty()) {
            throw new MagicUsageException("a magic needs a name after '%'; %lsmagic lists them");
        }
        boolean help = call.name().endsWith("?");
        String name = help ? call.name().substring(0, call.name().length() - 1) : call.name();
        Magic magic = registry.find(name);
        if (magic == null) {
            throw new MagicUsageException((call.isCellMagic() ? "%%" : "%") + name
                    + " is not a magic of this kernel; %lsmagic lists them");
        }
        if (help) return new MagicCall("magic-help", List.of(name), name, null);
        if (call.isCellMagic() && !magic.supportsCell()) {
            throw new MagicUsageException("%" + name + " is a line magic, not a cell magic: write %" + name + " " + call.rawArgs());
        }
        if (!call.isCellMagic() && !magic.supportsLine()) {
            throw new MagicUsageException("%%" + name + " is a cell magic: put it on the cell's first line, code below it");
        }
        magic.check(call);
        return call;
    }

    static MagicCall parseHead(String head, String body, boolean cell) throws MagicUsageException {
        String h = head.strip();
        int sp = indexOfSpace(h);
        String name = sp < 0 ? h : h.substring(0, sp);
        String raw = sp < 0 ? "" : h.substring(sp).strip();
        return new MagicCall(name, split(raw), raw, cell ? body : null);
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    /** Splits arguments like a shell: whitespace separates, quotes group, backslash escapes. */
    public static List<String> split(String raw) throws MagicUsageException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < raw.length()) cur.append(raw.charAt(++i));
                else cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < raw.length()) {
                cur.append(raw.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(cur.toString());
                cur.setLength(0);
                inWord = false;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new MagicUsageException("unclosed " + quote + " quote in: " + raw);
        if (inWord) out.add(cur.toString());
        return out;
    }
}
