package dev.muster.core.store;

import dev.muster.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a recorded plan run keeps of its plan, so that resuming it can refuse to mix two plans:
 * the plan file, its hash and a hash of the -e values (never the values: they may be secret).
 * The CLI and the server both check a resume here.
 *
 * @param plan       the plan as the front end names it (an absolute path, or a path under the server's plans)
 * @param planSha256 the plan file's SHA-256
 * @param varsSha256 the -e values' hash, or null where no values are given on a command line (the server)
 * @param check      whether this is a dry run
 */
public record PlanRunSpec(String plan, String planSha256, String varsSha256, boolean check) {

    /** The spec of applying {@code planFile} with {@code extraVars} from the command line. */
    public static PlanRunSpec of(Path planFile, Map<String, String> extraVars, boolean check) {
        return new PlanRunSpec(planFile.toAbsolutePath().normalize().toString(), sha256(planFile),
                varsSha256(extraVars), check);
    }

    /** The keys the run store keeps, in its order. */
    public Map<String, Object> details() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plan", plan);
        out.put("plan_sha256", planSha256);
        if (varsSha256 != null) {
            out.put("vars_sha256", varsSha256);
            out.put("check", check);
        }
        return out;
    }

    /**
     * The run {@code runId} if this spec may resume it: an apply of this very plan file, unchanged,
     * with the same -e values, that did not already deploy everywhere. {@code planFile} is the plan
     * as the user typed it; {@code storeName} says where runs are kept.
     */
    public RunRecord resumable(RunStore store, String runId, Path planFile, String storeName) {
        String option = "--resume";
        RunRecord run = store.load(runId).orElseThrow(() -> InputException.option(option,
                "no run " + runId + " in " + storeName + " (muster runs lists them)"));
        if (!RunKind.APPLY.is(run)) {
            throw InputException.option(option, "run " + runId + " is a " + run.kind() + " run, not an apply");
        }
        if (!plan.equals(run.spec().get("plan"))) {
            throw InputException.option(option, "run " + runId + " applied " + run.spec().get("plan")
                    + ", not " + plan);
        }
        requireSamePlan(run, planFile.toString());
        if (!varsSha256.equals(run.spec().get("vars_sha256"))) {
            throw InputException.option("-e",
                    "run " + runId + " was started with other -e values: pass the same ones");
        }
        if (run.exitCode() != null && run.exitCode() == 0) {
            throw InputException.option(option, "run " + runId + " finished with every host deployed: "
                    + "nothing to resume");
        }
        return run;
    }

    /** Refuses to resume {@code run} when its recorded plan hash differs from this one ({@code file} names it). */
    public void requireSamePlan(RunRecord run, String file) {
        Object recorded = run.spec().get("plan_sha256");
        if (recorded != null && !recorded.equals(planSha256)) {
            throw InputException.in(file, "the plan changed since run " + run.id()
                    + " started; resuming would mix two plans: apply it as a new run");
        }
    }

    /** The SHA-256 of a plan file, hex. */
    public static String sha256(Path file) {
        try {
            return hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the plan: " + e.getMessage());
        }
    }

    /** A hash of the -e values, so a resume can check them without the run store keeping secrets. */
    static String varsSha256(Map<String, String> extra) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(extra).forEach((k, v) -> text.append(k).append('=').append(v).append('\0'));
        return hex(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
