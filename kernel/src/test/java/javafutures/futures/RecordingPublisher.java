package javafutures.futures;

import javafutures.output.CellTarget;
import javafutures.output.IopubPublisher;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

import java.util.ArrayList;
import java.util.List;

/** An IopubPublisher that records what a cell would publish, with the time it was sent. */
public final class RecordingPublisher implements IopubPublisher {
    /** One published message. */
    public record Sent(long nanos, String cell, Object content) {
        public boolean isDisplay() {
            return content instanceof PublishDisplayData;
        }

        public boolean isUpdate() {
            return content instanceof PublishUpdateDisplayData;
        }

        public DisplayData data() {
            return (DisplayData) content;
        }

        public String html() {
            return (String) data().getData(MIMEType.TEXT_HTML);
        }

        public String plain() {
            return (String) data().getData(MIMEType.TEXT_PLAIN);
        }

        public String streamText() {
            return content instanceof PublishStream ? ((PublishStream) content).getText() : null;
        }
    }

    private final List<Sent> sent = new ArrayList<>();

    /** A cell target named {@code cell} whose output this publisher records. */
    public CellTarget cell(String cell) {
        return new CellTarget(new NamedContext(cell), this);
    }

    @Override
    public synchronized <T extends ContentType<T>> void publish(MessageContext parent, T content) {
        sent.add(new Sent(System.nanoTime(), ((NamedContext) parent).name, content));
    }

    public synchronized List<Sent> sent() {
        return new ArrayList<>(sent);
    }

    /** All stream text published for {@code cell}, in order. */
    public synchronized String streamText(String cell) {
        StringBuilder sb = new StringBuilder();
        for (Sent s : sent) {
            if (s.cell().equals(cell) && s.streamText() != null) sb.append(s.streamText());
        }
        return sb.toString();
    }

    private static final class NamedContext implements MessageContext {
        final String name;

        NamedContext(String name) {
            this.name = name;
        }

        @Override
        public List<byte[]> getIdentities() {
            return List.of();
        }

        @Override
        public Header getHeader() {
            return null;
        }
    }
}
