package dev.muster.server.http;

import dev.muster.core.Keyed;
import dev.muster.server.store.RunStatus;
import dev.muster.server.store.StoredRun;
import java.util.Map;
import java.util.Set;

/**
 * How a run ended in the operator's words, failure first: a finished run is "ok" only when it
 * exited 0; one where some hosts succeeded and others did not is "partial"; one where none
 * succeeded (or the run itself broke) is "failed". Active, cancelled and interrupted runs keep
 * their status. The dashboard colours and filters by this; the API returns it as {@code verdict}.
 */
public enum RunVerdict implements Keyed {
    QUEUED, RUNNING, OK, PARTIAL, FAILED, CANCELLED, INTERRUPTED;

    /** Counts that mean a host did what was asked (command runs: ok, changed; plan runs: their done states). */
    private static final Set<String> GOOD = Set.of("ok", "changed", "done", "deployed", "pass", "passed");

    public static RunVerdict of(StoredRun run) {
        return switch (run.status()) {
            case QUEUED -> QUEUED;
            case RUNNING -> RUNNING;
            case CANCELLED -> CANCELLED;
            case INTERRUPTED -> INTERRUPTED;
            case FINISHED -> finished(run.record().exitCode(), run.record().counts());
        };
    }

    static RunVerdict finished(Integer exitCode, Map<String, Integer> counts) {
        if (exitCode != null && exitCode == 0) {
            return OK;
        }
        if (exitCode != null && exitCode == 130) {
            return CANCELLED;
        }
        int good = 0;
        int bad = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int n = e.getValue() == null ? 0 : e.getValue();
            if (GOOD.contains(e.getKey())) {
                good += n;
            } else if (!e.getKey().equals("skipped")) {
                bad += n;
            }
        }
        return good > 0 && bad > 0 ? PARTIAL : FAILED;
    }

    /** The stored statuses a verdict can come from (for a first cut in SQL). */
    public RunStatus stored() {
        return switch (this) {
            case QUEUED -> RunStatus.QUEUED;
            case RUNNING -> RunStatus.RUNNING;
            case CANCELLED -> null; // finished with 130 or cancelled
            case INTERRUPTED -> RunStatus.INTERRUPTED;
            case OK, PARTIAL, FAILED -> RunStatus.FINISHED;
        };
    }

    public static RunVerdict fromKey(String key) {
        for (RunVerdict v : values()) {
            if (v.key().equals(key)) {
                return v;
            }
        }
        throw ApiError.badRequest("status must be one of queued, running, ok, partial, failed, cancelled, "
                + "interrupted; got " + key);
    }
}
