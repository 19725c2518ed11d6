package dev.muster.core.store;

import java.util.Map;

/**
 * What a recorded run is about, as the store keeps it when the run begins.
 *
 * @param kind     what ran
 * @param selector the selector as typed, or the plan's targets
 * @param command  what ran on each host, in words ("apply plans/web.yaml")
 * @param details  how to run it again (command, script path, plan and its hash...); strings are masked
 * @param retryOf  the run this one retries, or null
 */
public record RunSpec(RunKind kind, String selector, String command, Map<String, Object> details, String retryOf) {

    public RunSpec {
        details = details == null ? Map.of() : details;
    }

    public RunSpec(RunKind kind, String selector, String command, Map<String, Object> details) {
        this(kind, selector, command, details, null);
    }
}
