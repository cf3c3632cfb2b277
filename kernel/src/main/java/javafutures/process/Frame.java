package javafutures.process;

/** One decoded frame; see {@link Frames} for the types. Immutable by convention (the payload is not copied). */
public record Frame(byte type, long id, byte[] payload) {
    @Override
    public String toString() {
        return Frames.typeName(type) + "#" + id + "(" + payload.length + " bytes)";
    }
}
