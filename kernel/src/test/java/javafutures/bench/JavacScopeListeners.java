package javafutures.bench;

import javafutures.eval.JShellEvaluator;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Evidence for {@code bench/lean_session_bench.py}: how many entries javac's scope listener lists gain per cell
 * in plain in-process JShell fed the given cells (the same configuration as {@link PlainJShell}).
 *
 * <p>JShell compiles every snippet in a javac context it reuses ({@code JavacTaskPool}). Each compilation
 * builds member closures ({@code Types.membersClosure}) of the types it checks; a closure registers a weak
 * listener in the member scope of each class in the type's hierarchy, and a list entry (a javac {@code List}
 * node and a {@code WeakReference}, 56 bytes) stays after its closure is collected until a symbol is added to
 * that scope, which for a class read from a class file (java.lang.Object, the kernel's pool types) never
 * happens. So every cell leaves such entries behind, more for types with more supertypes; the kernel's own
 * calls add none (this program is plain JShell). Uses JShell's and javac's private fields:
 *
 * <pre>java --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED --add-opens jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED \
 *     --add-opens jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED --add-opens jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED \
 *     -cp kernel/target/test-classes:kernel/target/java-futures-kernel.jar javafutures.bench.JavacScopeListeners CELLS_FILE FROM</pre>
 *
 * CELLS_FILE as for {@link PlainJShell} (cell 0 sets up, the rest are measured); prints the entries at cell
 * FROM and at the last cell, and the growth per cell. Snippets that fail to run (a {@code ProcessPool} task
 * cannot run in plain JShell) are compiled all the same, which is what is measured.
 */
public final class JavacScopeListeners {
    public static void main(String[] args) throws Exception {
        String[] cells = Files.readString(Path.of(args[0])).split("\n//--cell--\n");
        int from = Integer.parseInt(args[1]);
        try (JShell js = JShell.builder().executionEngine("local").compilerOptions("-XDforceSerializable", "-g").build()) {
            for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) js.addToClasspath(p);
            for (String imp : JShellEvaluator.DEFAULT_IMPORTS) js.eval(imp);
            SourceCodeAnalysis sca = js.sourceCodeAnalysis();
            long atFrom = -1;
            for (int i = 0; i < cells.length; i++) {
                for (String rest = cells[i]; !rest.isBlank(); ) {
                    SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(rest);
                    if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
                    js.eval(info.source());
                    rest = info.remaining();
                }
                if (i == from) atFrom = listenerEntries(js);
            }
            long last = listenerEntries(js);
            int n = cells.length - 1 - from;
            System.out.printf("javac scope listener entries: %d at cell %d, %d at cell %d: %.1f per cell (%.1f KB per cell)%n",
                    atFrom, from, last, cells.length - 1, (last - atFrom) / (double) n, (last - atFrom) * 56.0 / n / 1024);
        }
        System.exit(0); // pool threads the cells started are not daemons
    }

    /** Listener entries in the member scopes of every class of every javac context JShell keeps for reuse. */
    static long listenerEntries(JShell js) throws Exception {
        Object pool = field(field(js, "taskFactory"), "javacTaskPool");
        Class<?> context = Class.forName("com.sun.tools.javac.util.Context", false, JShell.class.getClassLoader());
        Class<?> symtab = Class.forName("com.sun.tools.javac.code.Symtab", false, JShell.class.getClassLoader());
        long entries = 0;
        for (Object contexts : ((Map<?, ?>) field(pool, "options2Contexts")).values()) {
            for (Object ctx : (Collection<?>) contexts) {
                Object syms = symtab.getMethod("instance", context).invoke(null, ctx);
                for (Object classSymbol : (Iterable<?>) symtab.getMethod("getAllClasses").invoke(syms)) {
                    Object scope = field(classSymbol, "members_field");
                    if (scope != null) entries += ((Collection<?>) field(field(scope, "listeners"), "listeners")).size();
                }
            }
        }
        return entries;
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // a superclass declares it
            }
        }
        throw new NoSuchFieldException(name);
    }
}
