package dev.muster.core;

import java.util.Locale;

/**
 * An enum whose constants users write (in plans, inventories, URLs, JSON and the store) as their
 * names in lower case: {@code rolling}, {@code blue_green}, {@code operator}.
 */
public interface Keyed {
    String name();

    /** The constant as users write it: its name in lower case. */
    default String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
