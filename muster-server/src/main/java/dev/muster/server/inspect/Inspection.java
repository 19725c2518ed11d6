package dev.muster.server.inspect;

import java.time.Duration;
import java.util.List;

/**
 * A validated inspection file: which hosts, which checks. Read with {@link InspectionReader}.
 *
 * @param source      the file it was read from, for messages
 * @param targets     the selector text, syntax already checked
 * @param hostTimeout limit for one host's checks
 */
public record Inspection(String name, String source, String targets, Duration hostTimeout,
                         List<InspectionCheck> checks) {
    public static final Duration DEFAULT_HOST_TIMEOUT = Duration.ofSeconds(60);

    public Inspection {
        checks = List.copyOf(checks);
    }

    /** Whether any check reads a log, so the inspector must load and save cursors. */
    boolean scansLogs() {
        return checks.stream().anyMatch(c -> c instanceof InspectionCheck.Log);
    }
}
