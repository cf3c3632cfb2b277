package javafutures.protocol;

import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.zeromq.ZMQ;

/**
 * One question on the stdin channel at a time. jjava's {@code StdinChannel.getInput} blocks in
 * {@code recv} until the front end answers, so an interrupt could never end a cell waiting for input,
 * and a reply to a question that was given up on would answer the next one; here the wait polls and
 * checks for cancellation, replies waiting before a question are discarded (as ipykernel does), and a
 * reply naming another question as its parent is ignored.
 */
final class StdinRequests {
    private static final long POLL_MS = 100;

    private StdinRequests() {
    }

    static String ask(ZMQ.Context ctx, StdinChannel stdin, MessageContext parent, String prompt, boolean password,
                      Runnable checkCancelled) {
        synchronized (stdin) {
            ZMQ.Poller poller = ctx.poller(1);
            try {
                poller.register(stdin, ZMQ.Poller.POLLIN);
                while (poller.poll(0) > 0) discard(stdin); // replies to questions given up on
                checkCancelled.run();
                Message<InputRequest> question = new Message<>(parent, InputRequest.MESSAGE_TYPE,
                        new InputRequest(prompt == null ? "" : prompt, password));
                stdin.sendMessage(question);
                String id = question.getHeader().getId();
                while (true) {
                    checkCancelled.run();
                    if (poller.poll(POLL_MS) <= 0) continue;
                    Message<?> answer;
                    try {
                        answer = stdin.readMessage();
                    } catch (RuntimeException bad) {
                        continue; // a malformed or badly signed message: not an answer
                    }
                    // jupyter_client's input() sends no parent header; JupyterLab names the question.
                    if (answer.getContent() instanceof InputReply
                            && (!answer.hasParentHeader() || answer.getParentHeader().getId() == null
                                || id.equals(answer.getParentHeader().getId()))) {
                        String value = ((InputReply) answer.getContent()).getValue();
                        return value == null ? "" : value;
                    }
                }
            } finally {
                poller.close();
            }
        }
    }

    private static void discard(StdinChannel stdin) {
        try {
            stdin.readMessage();
        } catch (RuntimeException ignored) {
            // dropped either way
        }
    }
}
