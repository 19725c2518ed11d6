package dev.muster.server.schedule;

import dev.muster.core.InputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lower-case keys policies are written as in plans, the API and the store. */
final class PolicyKeys {
    private PolicyKeys() {
    }

    static String key(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(E[] values, String key, String what, String source, int line) {
        for (E v : values) {
            if (key(v).equals(key)) {
                return v;
            }
        }
        String expected = Arrays.stream(values).map(PolicyKeys::key).collect(Collectors.joining(" or "));
        throw new InputException(source, line, 0, "unknown " + what + " '" + key + "'; expected " + expected);
    }
}
