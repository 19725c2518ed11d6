package dev.muster.core.plan;

import dev.muster.core.Redactor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link StepFactory} may use when it builds a plan's steps: everything that is the same on
 * every host of the run.
 *
 * @param vars     plan variables overridden by {@code -e} (host variables come from each host)
 * @param check    dry run: report what would change, change nothing
 * @param diff     add diffs of changed text files to what is reported
 * @param planDir  the plan file's directory; relative local paths in options resolve against it
 * @param runId    the run's id in the run store
 * @param user     who runs it (recorded on hosts, e.g. in a release's revisions.log)
 * @param redactor hides secret values in anything a step reports
 */
public record PlanContext(Map<String, Object> vars, boolean check, boolean diff, Path planDir, String runId,
                          String user, Redactor redactor) {

    public PlanContext {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        Objects.requireNonNull(planDir, "planDir");
        runId = runId == null ? "" : runId;
        user = user == null ? "" : user;
        Objects.requireNonNull(redactor, "redactor");
    }

    /** A local path written in the plan, resolved against the plan's directory. */
    public Path local(String path) {
        return planDir.resolve(path).normalize();
    }
}
