package javafutures.eval;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Declarations JShell accepted although they refer to names not declared yet ({@code foo bar;} before
 * {@code class foo}, a method that reads an undeclared {@code y}): JShell keeps them in a recoverable
 * state, and they come to life once the missing names are declared. The jshell tool says so; so does
 * the kernel, in the same words:
 * <ul>
 *   <li>a note under the cell that declared one: "created variable bar, however, it cannot be referenced
 *       until class foo is declared";</li>
 *   <li>the failure of a later use names the cause: calling such a method, or naming such a variable.</li>
 * </ul>
 * Reads the JShell's state only; used from the thread that evaluates cells.
 */
final class Unresolved {
    private static final String RED = "\u001b[0;31m";
    private static final String RESET = "\u001b[0m";
    /** javac's "cannot find symbol" detail line, e.g. {@code symbol:   variable bar}. */
    private static final Pattern MISSING_SYMBOL = Pattern.compile("symbol:\\s+(?:variable|class|interface|enum|record|method)\\s+([\\w$]+)");

    private final JShell jshell;

    Unresolved(JShell jshell) {
        this.jshell = jshell;
    }

    /**
     * The note for a declaration a cell just made that cannot be used yet (one line, ending in a newline),
     * or null when the event is not one.
     *
     * @param events every event of the same {@code eval}, to tell a new declaration from a changed one
     */
    String note(SnippetEvent event, List<SnippetEvent> events) {
        Snippet.Status status = event.status();
        if (event.causeSnippet() != null || !(event.snippet() instanceof DeclarationSnippet)
                || (status != Snippet.Status.RECOVERABLE_DEFINED && status != Snippet.Status.RECOVERABLE_NOT_DEFINED)) {
            return null;
        }
        DeclarationSnippet s = (DeclarationSnippet) event.snippet();
        boolean replaced = events.stream().anyMatch(e -> e.causeSnippet() == s && e.status() == Snippet.Status.OVERWRITTEN);
        return (replaced ? "modified " : "created ") + noun(s) + ", however, " + limit(s, status, true)
                + " until " + missing(s) + "\n";
    }

    /**
     * The error of a use of a declaration that cannot be used yet: calling such a method, instantiating such
     * a class.
     */
    CellError use(UnresolvedReferenceException e) {
        DeclarationSnippet s = e.getSnippet();
        String evalue = limit(s, jshell.status(s), false) + " until " + missing(s);
        return new CellError("UnresolvedReferenceException", evalue,
                List.of(RED + "UnresolvedReferenceException" + RESET + ": " + evalue));
    }

    /**
     * A compile error, with its cause named when it is a "cannot find symbol" for a declaration that
     * exists but is not defined yet (naming {@code bar} after {@code foo bar;}).
     */
    CellError explain(CellError error, List<Diag> diags) {
        List<String> causes = new ArrayList<>();
        for (Diag d : diags) {
            if (!d.isError()) continue;
            Matcher m = MISSING_SYMBOL.matcher(d.getMessage(Locale.ROOT));
            if (!m.find()) continue;
            waitingDeclaration(m.group(1)).ifPresent(s -> {
                String cause = limit(s, jshell.status(s), false) + " until " + missing(s);
                if (!causes.contains(cause)) causes.add(cause);
            });
        }
        if (causes.isEmpty()) return error;
        List<String> traceback = new ArrayList<>(error.traceback());
        for (String c : causes) traceback.add("note: " + c);
        return new CellError(error.ename(), error.evalue() + " (" + String.join("; ", causes) + ")", traceback);
    }

    /** An active declaration of that name that JShell keeps but has not defined. */
    private Optional<DeclarationSnippet> waitingDeclaration(String name) {
        return jshell.snippets()
                .filter(s -> s instanceof DeclarationSnippet)
                .map(s -> (DeclarationSnippet) s)
                .filter(s -> s.name().equals(name) && jshell.status(s) == Snippet.Status.RECOVERABLE_NOT_DEFINED)
                .reduce((a, b) -> b);
    }

    /** "variable bar", "method f(int)", "class A", "interface I", "record R", "enum E". */
    private static String noun(DeclarationSnippet s) {
        switch (s.kind()) {
            case VAR:
                return "variable " + s.name();
            case METHOD:
                return "method " + s.name() + "(" + ((MethodSnippet) s).parameterTypes() + ")";
            case TYPE_DECL:
                switch (s.subKind()) {
                    case INTERFACE_SUBKIND:
                        return "interface " + s.name();
                    case ENUM_SUBKIND:
                        return "enum " + s.name();
                    case RECORD_SUBKIND:
                        return "record " + s.name();
                    case ANNOTATION_TYPE_SUBKIND:
                        return "annotation interface " + s.name();
                    default:
                        return "class " + s.name();
                }
            default:
                return s.name();
        }
    }

    /** What cannot be done yet, as the jshell tool words it: about "it" in a note, else about the named declaration. */
    private static String limit(DeclarationSnippet s, Snippet.Status status, boolean aboutIt) {
        String subject = aboutIt ? "it" : noun(s);
        if (status != Snippet.Status.RECOVERABLE_DEFINED) return subject + " cannot be referenced";
        if (s.kind() == Snippet.Kind.METHOD) return subject + " cannot be invoked";
        if (s.kind() != Snippet.Kind.TYPE_DECL) return subject + " cannot be used";
        if (s.subKind() == Snippet.SubKind.INTERFACE_SUBKIND) {
            return (aboutIt ? "its" : "the") + " methods" + (aboutIt ? "" : " of " + subject) + " cannot be invoked";
        }
        return subject + " cannot be instantiated or its methods invoked";
    }

    /** "class foo is declared", "variable x and method g() are declared", or the errors still to correct. */
    private String missing(DeclarationSnippet s) {
        List<String> names = jshell.unresolvedDependencies(s).collect(Collectors.toList());
        if (names.isEmpty()) {
            String errors = jshell.diagnostics(s).filter(Diag::isError)
                    .map(d -> d.getMessage(Locale.ROOT).lines().findFirst().orElse(""))
                    .collect(Collectors.joining("; "));
            return errors.isEmpty() ? "it is declared again" : "this is corrected: " + errors;
        }
        String list = names.size() == 1 ? names.get(0)
                : names.size() == 2 ? names.get(0) + " and " + names.get(1)
                : String.join(", ", names.subList(0, names.size() - 1)) + ", and " + names.get(names.size() - 1);
        return list + (names.size() == 1 ? " is" : " are") + " declared";
    }
}
