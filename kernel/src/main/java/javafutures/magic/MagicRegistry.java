package javafutures.magic;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The magics a kernel knows, by name. Filled at start, then only read: safe to share. */
public final class MagicRegistry {
    private final Map<String, Magic> magics = new TreeMap<>();

    public MagicRegistry register(Magic magic) {
        magics.put(magic.name(), magic);
        return this;
    }

    public Magic find(String name) {
        return magics.get(name);
    }

    public Collection<Magic> all() {
        return magics.values();
    }
}
