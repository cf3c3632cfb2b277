package javafutures.output;

import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageContext;

/**
 * Sends one IOPub message with the given parent. Implementations must be thread-safe: output of every
 * thread of the kernel ends up here.
 */
@FunctionalInterface
public interface IopubPublisher {
    <T extends ContentType<T>> void publish(MessageContext parent, T content);
}
