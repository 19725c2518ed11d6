package dev.muster.core.exec;

import dev.muster.core.Tally;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every host's outcome, in the order the hosts were given.
 *
 * @param outcomes  one per host, exactly
 * @param startedAt when the run started
 * @param duration  wall time
 * @param cancelled true when the run was cancelled (Ctrl-C)
 */
public record RunResult(List<Outcome> outcomes, Instant startedAt, Duration duration,
                        boolean cancelled) {

    public RunResult {
        outcomes = List.copyOf(outcomes);
    }

    public Map<Status, Integer> counts() {
        return Tally.of(Status.class, outcomes, Outcome::status);
    }

    public boolean allSucceeded() {
        return outcomes.stream().allMatch(o -> o.success());
    }

    /** 0 all ok; 1 some host failed, was unreachable or skipped; 130 cancelled. */
    public int exitCode() {
        if (cancelled) {
            return 130;
        }
        return allSucceeded() ? 0 : 1;
    }
}
