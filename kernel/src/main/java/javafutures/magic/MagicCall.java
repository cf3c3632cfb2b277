package javafutures.magic;

import java.util.List;

/**
 * One magic as written in a cell: its name, its arguments split like a shell splits words, and for a
 * cell magic ({@code %%name}) the body below it. Immutable.
 */
public record MagicCall(String name, List<String> args, String rawArgs, String body) {
    public boolean isCellMagic() {
        return body != null;
    }

    public String display() {
        return (isCellMagic() ? "%%" : "%") + name;
    }
}
