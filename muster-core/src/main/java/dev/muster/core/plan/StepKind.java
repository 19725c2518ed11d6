package dev.muster.core.plan;

import dev.muster.core.Keyed;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a plan step does; the YAML key that names it is {@link #key()}. */
public enum StepKind implements Keyed {
    RUN, SCRIPT, PUSH, TEMPLATE, RELEASE, CHECK, WAIT, APPROVE, INCLUDE;

    static List<String> keys() {
        return Arrays.stream(values()).map(StepKind::key).toList();
    }

    static StepKind of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /** Steps that can know whether they changed something, so may notify handlers. */
    boolean canNotify() {
        return this == RUN || this == SCRIPT || this == PUSH || this == TEMPLATE || this == RELEASE;
    }
}
