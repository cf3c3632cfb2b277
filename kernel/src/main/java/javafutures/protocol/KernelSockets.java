package javafutures.protocol;

import javafutures.output.IopubPublisher;
import org.dflib.jjava.jupyter.channels.HeartbeatChannel;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The kernel's five Jupyter sockets. jjava-jupyter provides the wire format (framing, HMAC signing,
 * message types) and the heartbeat, IOPub and stdin sockets; shell and control are our
 * {@link RequestChannel}s. Publishing on IOPub is thread-safe (jjava synchronises its sends).
 */
public final class KernelSockets implements IopubPublisher {
    private final ZMQ.Context ctx = ZMQ.context(1);
    private final KernelConnectionProperties props;
    private final HeartbeatChannel heartbeat;
    private final IOPubChannel iopub;
    private final StdinChannel stdin;
    private final RequestChannel shell;
    private final RequestChannel control;

    public KernelSockets(KernelConnectionProperties props, PrintStream log) throws Exception {
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        this.heartbeat = new HeartbeatChannel(ctx, hmac, 100);
        this.iopub = new IOPubChannel(ctx, hmac);
        this.stdin = new StdinChannel(ctx, hmac);
        this.shell = new RequestChannel(ctx, hmac, "shell", log);
        this.control = new RequestChannel(ctx, hmac, "control", log);
    }

    /**
     * Binds every socket, announces {@code starting}, and starts reading shell and control requests;
     * {@code shellIdle} runs on the shell thread when no shell request has come for a moment.
     */
    public void start(BiConsumer<RequestChannel, Message<?>> shellHandler,
                      BiConsumer<RequestChannel, Message<?>> controlHandler, Runnable shellIdle) {
        heartbeat.bind(props);
        iopub.bind(props);
        stdin.bind(props);
        shell.bind(props);
        control.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        shell.start(shellHandler, shellIdle);
        control.start(controlHandler, () -> { });
    }

    @Override
    public <T extends ContentType<T>> void publish(MessageContext parent, T content) {
        iopub.sendMessage(new Message<>(parent, content.getType(), content));
    }

    /** Publishes busy or idle for a request. */
    public void status(MessageContext parent, boolean busy) {
        iopub.sendMessage(new Message<>(parent, PublishStatus.MESSAGE_TYPE, busy ? PublishStatus.BUSY : PublishStatus.IDLE));
    }

    /**
     * Sends a reply whose content is built as a map, so that every field the protocol asks for (such as
     * {@code status}, which jjava's {@code KernelInfoReply} lacks) is there.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void reply(RequestChannel channel, Message<?> request, String replyType, Map<String, Object> content) {
        MessageType type = MessageType.getType(replyType);
        channel.sendMessage(new Message(request, type, content));
    }

    /**
     * Asks the front end for a line of input ({@code input_request} on the stdin channel, with
     * {@code request} as parent) and waits for its {@code input_reply}, calling {@code checkCancelled}
     * every 100 ms: what it throws ends the wait (an interrupt, the cell's end). Replies to earlier,
     * abandoned questions are discarded, as ipykernel does. One question at a time; any thread.
     */
    public String input(MessageContext request, String prompt, boolean password, Runnable checkCancelled) {
        return StdinRequests.ask(ctx, stdin, request, prompt, password, checkCancelled);
    }

    public void close() {
        shell.stop();
        control.stop();
        heartbeat.close();
        shell.close();
        control.close();
        stdin.close();
        iopub.close();
        ctx.close();
    }
}
