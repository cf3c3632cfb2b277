package javafutures.protocol;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A ROUTER socket (shell or control) with its own thread that reads requests and hands each to a
 * handler, one at a time, on that thread; replies go out on the same thread, as ZeroMQ sockets require.
 *
 * <p>Why not jjava's {@code ShellChannel}: it sleeps 50 ms after every poll (a 50 ms floor on every
 * request), and an exception while reading (a bad signature, malformed JSON) escapes its loop and kills
 * the channel. Here the thread blocks in {@code poll} and a bad message is logged and dropped.
 */
public final class RequestChannel extends JupyterSocket {
    private final String name;
    private final PrintStream log;
    private final WireDecoder decoder;
    private volatile boolean running;
    private Thread thread;

    RequestChannel(ZMQ.Context ctx, HMACGenerator hmac, String name, PrintStream log) {
        super(ctx, SocketType.ROUTER, hmac, org.slf4j.LoggerFactory.getLogger(name));
        this.name = name;
        this.log = log;
        this.decoder = new WireDecoder(hmac);
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        int port = name.equals("control") ? props.getControlPort() : props.getShellPort();
        super.bind(formatAddress(props.getTransport(), props.getIp(), port));
    }

    /**
     * Starts the thread that reads requests and calls {@code handler(channel, request)} for each, and
     * {@code onIdle} on the same thread whenever no request has come for {@link #IDLE_POLL_MS} (so idle work
     * never runs beside a request, and a request that comes meanwhile waits for it: keep it short).
     */
    void start(BiConsumer<RequestChannel, Message<?>> handler, Runnable onIdle) {
        running = true;
        thread = new Thread(() -> loop(handler, onIdle), "java-futures-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** How long the socket must be quiet before the idle work runs. */
    static final int IDLE_POLL_MS = 200;

    private void loop(BiConsumer<RequestChannel, Message<?>> handler, Runnable onIdle) {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        while (running) {
            try {
                if (poller.poll(IDLE_POLL_MS) <= 0) {
                    if (running) idle(onIdle);
                    continue;
                }
            } catch (RuntimeException closed) {
                if (!running) return;
                log.println("java-futures: " + name + " poll failed: " + closed);
                continue;
            }
            Message<?> request;
            try {
                request = decoder.decode(readFrames());
            } catch (WireDecoder.RejectedMessage e) {
                log.println("java-futures: dropped a message on " + name + ": " + e.getMessage());
                continue;
            } catch (RuntimeException e) {
                if (!running) return;
                log.println("java-futures: dropped an unreadable message on " + name + ": " + e);
                continue;
            }
            try {
                handler.accept(this, request);
            } catch (RuntimeException | Error e) {
                log.println("java-futures: " + name + " handler failed for "
                        + request.getHeader().getType().getName() + ": " + e);
                e.printStackTrace(log);
            }
        }
    }

    private void idle(Runnable onIdle) {
        try {
            onIdle.run();
        } catch (RuntimeException | Error e) {
            log.println("java-futures: " + name + " idle work failed: " + e);
        }
    }

    /**
     * Every request that has already arrived on this socket, read without waiting (unreadable ones dropped,
     * as in the loop), in arrival order. Only from this channel's thread (a handler), like every read.
     */
    public List<Message<?>> drainQueued() {
        List<Message<?>> queued = new ArrayList<>();
        while ((getEvents() & ZMQ.Poller.POLLIN) != 0) {
            try {
                queued.add(decoder.decode(readFrames()));
            } catch (WireDecoder.RejectedMessage | RuntimeException e) {
                log.println("java-futures: dropped a message on " + name + ": " + e.getMessage());
            }
        }
        return queued;
    }

    /** Every frame of one multipart message. */
    private List<byte[]> readFrames() {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = recv();
            if (frame == null) break;
            frames.add(frame);
        } while (hasReceiveMore());
        return frames;
    }

    /** Stops reading; the socket is closed by {@link KernelSockets#close()}. */
    void stop() {
        running = false;
    }

    void join() throws InterruptedException {
        if (thread != null) thread.join();
    }

    String channelName() {
        return name;
    }
}
