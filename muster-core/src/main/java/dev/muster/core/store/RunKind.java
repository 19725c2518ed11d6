package dev.muster.core.store;

import java.util.Arrays;
import java.util.Optional;

/** What a recorded run did; its key is what the run store and the API show ("apply-check"). */
public enum RunKind {
    RUN("run"),
    RETRY("retry"),
    PUSH("push"),
    TEMPLATE("template"),
    CONSOLE("console"),
    RELEASES("releases"),
    ROLLBACK("rollback"),
    APPLY("apply"),
    APPLY_CHECK("apply-check"),
    INSPECTION("inspection"),
    /** A command a server schedule started. */
    SCHEDULED("scheduled");

    private final String key;

    RunKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The kind a stored key names; empty for a key this version does not know. */
    public static Optional<RunKind> of(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /** Whether {@code run} is of this kind. */
    public boolean is(RunRecord run) {
        return key.equals(run.kind());
    }
}
