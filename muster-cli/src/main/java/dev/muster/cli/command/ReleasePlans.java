package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanReader;
import dev.muster.core.plan.PlanStep;
import dev.muster.core.plan.PlanVars;
import dev.muster.core.store.FileRunStore;
import dev.muster.core.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which plan and release base `muster rollback` and `muster releases` work with: the plan given,
 * else the plan of the most recent apply in the run store.
 */
final class ReleasePlans {
    private ReleasePlans() {
    }

    /** The plan file given, or the one the latest recorded apply used; null when there is none. */
    static Path planFile(Path given, FileRunStore store) {
        if (given != null) {
            return given;
        }
        for (RunRecord run : store.recent(200)) {
            Object plan = run.spec().get("plan");
            if (run.kind().equals("apply") && plan instanceof String p && Files.isRegularFile(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    static Plan read(Path planFile, Workspace ws) {
        return PlanReader.read(planFile, ws.inventory());
    }

    /** A plan's variables overridden by the -e values: what its steps' {@code {{ }}} see. */
    static Map<String, Object> vars(Plan plan, Map<String, String> extraVars) {
        Map<String, Object> vars = new LinkedHashMap<>(plan.vars());
        vars.putAll(extraVars);
        return vars;
    }

    /** The {@code base} of the plan's release step, with plan variables and -e filled in. */
    static String base(Plan plan, Map<String, String> extraVars) {
        PlanStep step = plan.releaseStep().orElseThrow(() -> InputException.in(plan.source(),
                "plan " + plan.name() + " has no release step: pass --base DIR"));
        Object base = ((PlanStep.Options) step.body()).options().get("base");
        return PlanVars.expand(String.valueOf(base), vars(plan, extraVars), step);
    }
}
