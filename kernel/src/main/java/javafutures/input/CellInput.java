package javafutures.input;

import javafutures.eval.CellStop;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import org.dflib.jjava.jupyter.messages.MessageContext;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kernel's {@code System.in}: reading it asks the front end for a line ({@code input_request} on the
 * stdin channel) under the cell the reading thread belongs to, as ipykernel's {@code input()} does, so
 * {@code new Scanner(System.in).nextLine()}, {@code BufferedReader} and {@code System.in.read()} work.
 *
 * <p>Which cell: the reading thread's output target ({@link OutputRouter#current()}): a cell's own thread,
 * threads it starts, and pool tasks it submits. The front end can answer only while that cell runs (a
 * front end shows the input box of the running request), so a thread whose cell has finished gets a
 * {@link StdinNotAvailableException} saying so, and so does every read when the request did not allow
 * input ({@code allow_stdin} false). A thread of no cell (the kernel's) reads end-of-input.
 *
 * <p>Text the thread printed without a newline just before ({@code System.out.print("Name? ")}) becomes
 * the prompt. A line that was asked for is handed out in full before the next one is asked for; what is
 * left of it when its cell ends is dropped. The wait ends when the cell is stopped (interrupt), when its
 * thread is interrupted, or when its cell ends. Thread-safe: one question at a time.
 */
public final class CellInput extends InputStream {
    /** Asks the front end for one line under {@code parent}; polls {@code checkCancelled} while it waits. */
    public interface Requester {
        String ask(MessageContext parent, String prompt, boolean password, Runnable checkCancelled);
    }

    /** The running cell: what may be asked, under which parent. */
    private record Running(CellTarget target, boolean allowStdin) {
    }

    private static volatile CellInput installed;

    private final Requester requester;
    private final ReentrantLock asking = new ReentrantLock();
    private volatile Running running;
    // guarded by asking
    private byte[] line = new byte[0];
    private int pos;
    private CellTarget lineOwner;

    private CellInput(Requester requester) {
        this.requester = requester;
    }

    /** Makes {@code System.in} ask the front end through {@code requester}; once per JVM. */
    public static synchronized CellInput install(Requester requester) {
        if (installed == null) {
            installed = new CellInput(requester);
            System.setIn(installed);
        }
        return installed;
    }

    /** Marks {@code target}'s cell as running: its threads may ask for input if {@code allowStdin}. */
    public static void begin(CellTarget target, boolean allowStdin) {
        CellInput in = installed;
        if (in != null) in.running = new Running(target, allowStdin);
    }

    /** Marks the end of the running cell: later reads of its threads fail with a clear error. */
    public static void end() {
        CellInput in = installed;
        if (in != null) in.running = null;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        CellTarget target = OutputRouter.current();
        if (target == null) return -1; // a kernel thread: nothing to ask
        lock(target);
        try {
            if (lineOwner != target || pos >= line.length) {
                String answer = ask(target);
                line = (answer + "\n").getBytes(Charset.defaultCharset());
                pos = 0;
                lineOwner = target;
            }
            int n = Math.min(len, line.length - pos);
            System.arraycopy(line, pos, b, off, n);
            pos += n;
            return n;
        } finally {
            asking.unlock();
        }
    }

    @Override
    public int available() {
        CellTarget target = OutputRouter.current();
        if (!asking.tryLock()) return 0;
        try {
            return lineOwner == target && target != null ? line.length - pos : 0;
        } finally {
            asking.unlock();
        }
    }

    /** Waits for the lock (another thread may be asking), giving up like {@link #ask} does. */
    private void lock(CellTarget target) {
        try {
            while (!asking.tryLock(100, TimeUnit.MILLISECONDS)) check(target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StdinNotAvailableException("interrupted while waiting to read System.in");
        }
    }

    private String ask(CellTarget target) {
        check(target);
        OutputRouter router = OutputRouter.get();
        String prompt = router == null ? "" : router.takePartialLine(Thread.currentThread(), target);
        return requester.ask(target.parent(), prompt, false, () -> check(target));
    }

    /** Throws when this read cannot (or can no longer) be answered. */
    private void check(CellTarget target) {
        CellStop.check(); // the reading cell was interrupted: end it like any other stop
        if (Thread.currentThread().isInterrupted()) {
            throw new StdinNotAvailableException("interrupted while waiting for input");
        }
        Running r = running;
        if (r == null || r.target() != target) {
            throw new StdinNotAvailableException("System.in can be read only while the cell that started this thread "
                    + "(or submitted this task) runs, and that cell has finished: the front end has no input box for "
                    + "it. Read the input in the cell and pass it on.");
        }
        if (!r.allowStdin()) {
            throw new StdinNotAvailableException("this front end does not accept input (allow_stdin is false, as in "
                    + "nbconvert, nbclient and papermill): System.in cannot be read here. Put the value in the code.");
        }
    }
}
