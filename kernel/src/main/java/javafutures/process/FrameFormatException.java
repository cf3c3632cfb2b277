package javafutures.process;

import java.io.IOException;

/**
 * A frame stream that broke its format: oversized or negative length, bad magic, a type the reader does not
 * accept, or a stream cut inside a frame. The stream cannot be resynchronised after it.
 */
public final class FrameFormatException extends IOException {
    public FrameFormatException(String message) {
        super(message);
    }
}
