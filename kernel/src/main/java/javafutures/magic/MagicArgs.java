package javafutures.magic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A magic's arguments as positional words and {@code --option value} pairs, checked against the options
 * the magic accepts. Immutable once parsed.
 */
final class MagicArgs {
    private static final Set<String> JAVA_KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "var", "record", "yield", "sealed", "permits", "_");

    final List<String> positional = new ArrayList<>();
    final Map<String, String> options = new LinkedHashMap<>();

    /**
     * @param valued options that take a value ({@code --timeout 5})
     * @param flags  options that take none ({@code --all})
     */
    static MagicArgs parse(AbstractMagic magic, List<String> args, Set<String> valued, Set<String> flags)
            throws MagicUsageException {
        MagicArgs parsed = new MagicArgs();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                if (valued.contains(a)) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw magic.usageError(a + " needs a value");
                    }
                    if (parsed.options.put(a, args.get(++i)) != null) throw magic.usageError(a + " is given twice");
                } else if (flags.contains(a)) {
                    parsed.options.put(a, "");
                } else {
                    throw magic.usageError("unknown option " + a);
                }
            } else if (a.startsWith("-") && a.length() > 1 && !Character.isDigit(a.charAt(1))) {
                throw magic.usageError("unknown option " + a + " (options start with --)");
            } else {
                parsed.positional.add(a);
            }
        }
        return parsed;
    }

    /** Checks that every positional argument can be a Java variable name; returns this. */
    MagicArgs checkNames(AbstractMagic magic) throws MagicUsageException {
        for (String name : positional) checkIdentifier(magic, name);
        return this;
    }

    /** Checks that {@code name} can be a Java variable name. */
    static void checkIdentifier(AbstractMagic magic, String name) throws MagicUsageException {
        boolean ok = !name.isEmpty() && Character.isJavaIdentifierStart(name.charAt(0)) && !JAVA_KEYWORDS.contains(name);
        for (int i = 1; ok && i < name.length(); i++) ok = Character.isJavaIdentifierPart(name.charAt(i));
        if (!ok) throw magic.usageError("'" + name + "' is not a valid Java variable name");
    }

    /** A positive number of seconds. */
    static double seconds(AbstractMagic magic, String option, String value) throws MagicUsageException {
        try {
            double s = Double.parseDouble(value);
            if (!(s >= 0) || Double.isInfinite(s)) throw new NumberFormatException();
            return s;
        } catch (NumberFormatException e) {
            throw magic.usageError(option + " takes a number of seconds, got '" + value + "'");
        }
    }

    /** A positive whole number. */
    static int positiveInt(AbstractMagic magic, String what, String value) throws MagicUsageException {
        try {
            int n = Integer.parseInt(value);
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw magic.usageError(what + " must be a whole number above 0, got '" + value + "'");
        }
    }

    /** A Java string literal for {@code s}. */
    static String javaString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
