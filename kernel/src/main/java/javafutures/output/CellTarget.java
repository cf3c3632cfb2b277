package javafutures.output;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

import java.nio.charset.StandardCharsets;

/**
 * The output area of one cell: everything published through it carries that cell's execute request as
 * its parent header, so front ends show it under that cell, whenever it arrives.
 *
 * <p>Thread-safe. Stream text is buffered and published by {@link OutputRouter}'s flusher (coalesced,
 * at most {@link #STREAM_BUDGET_BYTES} per cell, the rest dropped and counted); displays, updates and
 * clears are published at once, after any pending stream text so that order is kept.
 */
public final class CellTarget {
    /** Stream text one cell may publish in all; beyond it output is dropped with a note. */
    public static final int STREAM_BUDGET_BYTES = 4 * 1024 * 1024;

    private final MessageContext parent;
    private final IopubPublisher publisher;
    private final StringBuilder pendingOut = new StringBuilder();
    private final StringBuilder pendingErr = new StringBuilder();
    private long published;
    private long dropped;
    private boolean droppedNoteSent;

    public CellTarget(MessageContext parent, IopubPublisher publisher) {
        this.parent = parent;
        this.publisher = publisher;
    }

    /** The execute request this output belongs to. */
    public MessageContext parent() {
        return parent;
    }

    /** Appends whole lines (or a final partial line) of stream text; published by the next flush. */
    public synchronized void appendStream(boolean stderr, String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (published + pendingBytes() + bytes > STREAM_BUDGET_BYTES) {
            dropped += bytes;
            return;
        }
        (stderr ? pendingErr : pendingOut).append(text);
    }

    private long pendingBytes() {
        return pendingOut.length() + pendingErr.length();
    }

    /** Publishes pending stream text now, stdout before stderr. */
    public void flush() {
        String out;
        String err;
        String note = null;
        synchronized (this) {
            out = take(pendingOut);
            err = take(pendingErr);
            published += (out == null ? 0 : out.length()) + (err == null ? 0 : err.length());
            if (dropped > 0 && !droppedNoteSent) {
                droppedNoteSent = true;
                note = "\n[java-futures: this cell printed more than " + (STREAM_BUDGET_BYTES >> 20)
                        + " MiB; the rest of its output was dropped to keep the front end responsive]\n";
            }
            if (out != null) publisher.publish(parent, new PublishStream(PublishStream.StreamType.OUT, out));
            if (err != null) publisher.publish(parent, new PublishStream(PublishStream.StreamType.ERR, err));
            if (note != null) publisher.publish(parent, new PublishStream(PublishStream.StreamType.ERR, note));
        }
    }

    private static String take(StringBuilder sb) {
        if (sb.length() == 0) return null;
        String s = sb.toString();
        sb.setLength(0);
        return s;
    }

    /** Bytes of stream text dropped because the cell exceeded its budget. */
    public synchronized long droppedBytes() {
        return dropped;
    }

    public void display(DisplayData data) {
        publishAfterStreams(new PublishDisplayData(data));
    }

    /** Replaces the content of an earlier display with the same display id (which {@code data} must carry). */
    public void updateDisplay(DisplayData data) {
        publishAfterStreams(new PublishUpdateDisplayData(data));
    }

    public void clearOutput(boolean wait) {
        publishAfterStreams(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }

    /** Publishes any other IOPub content (results, errors) with this cell as parent. */
    public <T extends ContentType<T>> void publish(T content) {
        publishAfterStreams(content);
    }

    private synchronized <T extends ContentType<T>> void publishAfterStreams(T content) {
        flush();
        publisher.publish(parent, content);
    }
}
