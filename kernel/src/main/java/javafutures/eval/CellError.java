package javafutures.eval;

import java.util.List;

/**
 * A cell that could not run to its end: a compile error, an exception thrown by the user's code, or an
 * interrupt. Carries exactly what Jupyter shows: the error's name, its message and the traceback lines.
 */
public final class CellError extends Exception {
    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    public CellError(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue, null, false, false);
        this.ename = ename;
        this.evalue = evalue;
        this.traceback = List.copyOf(traceback);
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return evalue;
    }

    public List<String> traceback() {
        return traceback;
    }
}
