package dev.muster.server.http;

import dev.muster.core.exec.Outcome;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.store.StoredRun;
import java.util.List;

/**
 * Runs an ended command run again, on all its hosts or only on those that did not succeed (the
 * server's {@code muster retry}): the same command (as stored, secrets still references) through
 * {@link RunStarter}, so access and the protected-environment confirmation are checked as for a
 * new run, on the hosts it will touch now.
 */
public final class Reruns {
    private final ServerContext sc;

    public Reruns(ServerContext sc) {
        this.sc = sc;
    }

    /** The selector of a re-run: the run's own, or its failed hosts' names. */
    public String selector(StoredRun run, boolean failedOnly) {
        if (!failedOnly) {
            return run.record().selector();
        }
        List<String> failed = failedHosts(run.id());
        if (failed.isEmpty()) {
            throw ApiError.conflict("no host failed in run " + run.id());
        }
        return String.join(",", failed);
    }

    /** Hosts without success in the run (failed, unreachable, cancelled or never started), by name. */
    public List<String> failedHosts(String runId) {
        return sc.store().runs().outcomes(runId).stream().filter(o -> !o.status().success()).map(Outcome::host)
                .sorted().toList();
    }

    /**
     * Queues the re-run; returns its id.
     *
     * @throws ApiError 403 without operator rights on the run's environments or the hosts it touches,
     *                  409 for a run still going, a plan run, no failed host, or a protected
     *                  environment without {@code confirm}
     */
    public String rerun(Principal p, StoredRun run, boolean failedOnly, boolean confirm) {
        sc.require(p, Role.OPERATOR, sc.environmentsOf(run), "re-run runs");
        if (run.status().active()) {
            throw ApiError.conflict("run " + run.id() + " is " + run.status().key() + ": cancel it or wait");
        }
        Object command = run.record().spec().get("command");
        if (!"run".equals(run.record().kind()) || !(command instanceof String text) || run.record().selector() == null) {
            throw ApiError.conflict("run " + run.id() + " is a " + run.record().kind()
                    + " run: only command runs can be re-run (plan runs resume)");
        }
        return new RunStarter(sc).start(p, selector(run, failedOnly), text, confirm, run.id());
    }
}
