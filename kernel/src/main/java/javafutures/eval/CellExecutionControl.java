package javafutures.eval;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * JShell's execution engine for the kernel: snippets run in the kernel's JVM (about 12x faster per
 * snippet than JShell's default remote engine), built on the JDK's {@link LocalExecutionControl} for
 * its class loading, with four changes:
 * <ul>
 *   <li>classes are defined by a {@link NotebookLoaderDelegate}, which hides the kernel's own libraries;</li>
 *   <li>{@link #load}: records each class's original bytes in {@link SnippetClasses} (process pools
 *       ship them), then weaves per-cell stop checks into the copy the kernel loads;</li>
 *   <li>{@link #invoke(Method)}: runs the snippet on a {@link CellThreads} thread and waits for that
 *       thread only (the JDK's version joins every thread the snippet started, so a cell that starts a
 *       background thread would wait for it), and keeps the result object for rich display;</li>
 *   <li>{@link #stop()}: stops only the current cell's threads (the JDK's version sets one global flag
 *       on JDK 20+, which would also kill pool tasks running notebook code).</li>
 * </ul>
 * Used by one JShell instance, from the kernel's shell thread; {@link #stop()} from any thread.
 */
public final class CellExecutionControl extends LocalExecutionControl {
    private volatile Object lastValue;
    private volatile boolean hasLastValue;
    private volatile CellThreads.StoppedException lastStop;
    private boolean loaderRecorded;
    private volatile Throwable lastThrown;

    /** @param kernelClasspath what cells compile against but never load from (see {@link NotebookLoaderDelegate}) */
    public CellExecutionControl(java.util.Set<String> kernelClasspath) {
        super(new NotebookLoaderDelegate(kernelClasspath));
    }

    // The original bytes are recorded only once the kernel really has the class (after super returns):
    // a refused redefine must leave the version workers get equal to the one the kernel runs. They are
    // copied first, as the JDK's engine may rewrite what it is given (stop checks on JDK 20+).
    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] originals = copy(cbcs);
        super.load(weave(cbcs));
        record(originals);
        if (cbcs.length > 0 && !loaderRecorded) {
            try {
                SnippetClasses.recordLoader(findClass(cbcs[0].name()).getClassLoader());
                loaderRecorded = true;
            } catch (ClassNotFoundException e) {
                throw new ClassInstallException("loaded class not found: " + cbcs[0].name(), new boolean[cbcs.length]);
            }
        }
    }

    /**
     * Refused by the JDK's local engine; JShell then loads the snippet under a new class name
     * ({@code $JShell$12} becomes {@code $JShell$12B}), and the old class stays as it was.
     */
    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] originals = copy(cbcs);
        super.redefine(weave(cbcs));
        record(originals);
    }

    private static ClassBytecodes[] copy(ClassBytecodes[] cbcs) {
        ClassBytecodes[] copies = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) copies[i] = new ClassBytecodes(cbcs[i].name(), cbcs[i].bytecodes().clone());
        return copies;
    }

    private static ClassBytecodes[] weave(ClassBytecodes[] cbcs) {
        ClassBytecodes[] woven = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) {
            woven[i] = new ClassBytecodes(cbcs[i].name(), StopCheckWeaver.weave(cbcs[i].bytecodes()));
        }
        return woven;
    }

    private static void record(ClassBytecodes[] cbcs) {
        for (ClassBytecodes c : cbcs) SnippetClasses.record(c.name(), c.bytecodes());
    }

    private boolean jdkCancelClassLoaded;

    /** A snippet-free method for the JDK's own {@code invoke} to run once; see {@link #invoke(Method)}. */
    public static Object noop() {
        return null;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        if (!jdkCancelClassLoaded) {
            // On JDK 20+ the superclass weaves calls to its own REPL.$Cancel$ class into every snippet
            // class, and only its invoke() defines that class; run it once on a no-op so it exists.
            super.invoke(CellExecutionControl.class.getMethod("noop"));
            jdkCancelClassLoaded = true;
        }
        hasLastValue = false;
        lastValue = null;
        Object value;
        try {
            value = CellThreads.run(() -> doitMethod.invoke(null), doitMethod.getDeclaringClass().getClassLoader());
        } catch (CellThreads.StoppedException e) {
            // JShell treats a StoppedException as a silent no-op, so remember it for the kernel.
            lastStop = e;
            throw new StoppedException();
        }
        lastValue = value;
        hasLastValue = true;
        return valueString(value);
    }

    /**
     * Keeps the exception itself: JShell passes on only a copy of it, with the frames up to the last snippet
     * frame ({@code %xmode verbose} shows the others too).
     */
    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        lastThrown = cause;
        return super.throwConvertedInvocationException(cause);
    }

    /** The exception the last snippet threw, taken once; null if it threw none. */
    Throwable takeLastThrown() {
        Throwable t = lastThrown;
        lastThrown = null;
        return t;
    }

    /** The stop that ended the last snippet, taken once; null if it was not stopped. */
    CellThreads.StoppedException takeStop() {
        CellThreads.StoppedException s = lastStop;
        lastStop = null;
        return s;
    }

    /** The object the last snippet evaluated to, taken once; null if it had none. */
    Object takeLastValue() {
        Object v = hasLastValue ? lastValue : null;
        hasLastValue = false;
        lastValue = null;
        return v;
    }

    @Override
    public void stop() {
        CellThreads.stopCurrent();
    }

    @Override
    protected void clientCodeEnter() {
    }

    @Override
    protected void clientCodeLeave() {
    }

    /** Hands JShell this very instance, so the kernel can reach it. */
    static ExecutionControlProvider providerOf(CellExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "java-futures-local";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }
}
