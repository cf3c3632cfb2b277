package javafutures.kernel;

/** Entry point: {@code java -jar java-futures-kernel.jar CONNECTION_FILE}. */
public final class Main {
    public static void main(String[] args) throws Exception {
        throw new UnsupportedOperationException("kernel not wired yet");
    }
}
