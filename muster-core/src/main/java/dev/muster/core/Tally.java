package dev.muster.core;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** How many items fall in each constant of an enum: every constant is present, in order, zero for none. */
public final class Tally {
    private Tally() {
    }

    public static <E extends Enum<E>, T> Map<E, Integer> of(Class<E> type, Collection<? extends T> items,
            Function<? super T, E> key) {
        Map<E, Integer> counts = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            counts.put(e, 0);
        }
        items.forEach(item -> counts.merge(key.apply(item), 1, Integer::sum));
        return counts;
    }
}
