package dev.muster.server.inspect;

import dev.muster.core.Keyed;
import java.util.Locale;

/** The result of one check on one host, worst last so {@code max} picks the worst. */
public enum CheckStatus implements Keyed {
    PASS, WARN, FAIL;

    public static CheckStatus of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    public CheckStatus worse(CheckStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
