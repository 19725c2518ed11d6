package dev.muster.files.plan;

import dev.muster.core.InputException;
import dev.muster.core.exec.Step;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanStep;
import dev.muster.core.plan.StepFactory;
import dev.muster.core.plan.StepKind;
import dev.muster.files.Excludes;
import dev.muster.files.LocalTree;
import dev.muster.files.Owner;
import dev.muster.files.Push;
import dev.muster.files.RelayPush;
import dev.muster.files.SyncOptions;
import dev.muster.files.TemplateStep;
import dev.muster.files.release.ReleaseSpec;
import dev.muster.files.release.ReleaseStep;
import dev.muster.files.release.Releases;
import dev.muster.files.template.Templates;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds a plan's {@code push}, {@code template} and {@code release} steps. Everything local (the
 * tree to push, the template, the release artifact and its checksum and signature) is read and
 * checked here, before any host is touched; a problem is an {@link InputException} naming the plan
 * file and line.
 */
public final class FilesPlanSteps implements StepFactory {

    @Override
    public boolean builds(PlanStep step) {
        return step.kind() == StepKind.PUSH || step.kind() == StepKind.TEMPLATE || step.kind() == StepKind.RELEASE;
    }

    @Override
    public Step step(PlanStep step, PlanContext context) {
        Map<String, Object> o = options(step);
        return switch (step.kind()) {
            case PUSH -> at(step, () -> push(o, context));
            case TEMPLATE -> at(step, () -> template(o, context));
            case RELEASE -> ReleaseStep.of(ReleaseSpec.of(step, context), context);
            default -> throw new IllegalArgumentException("not a files step: " + step.describe());
        };
    }

    /** A release is undone by switching each host back to the release that was current before it. */
    @Override
    public Step undo(PlanStep step, PlanContext context) {
        if (step.kind() != StepKind.RELEASE) {
            return null;
        }
        ReleaseSpec spec = ReleaseSpec.of(step, context);
        return Releases.undoStep(spec.base(), spec.id(), context.user(), context.runId());
    }

    private static Step push(Map<String, Object> o, PlanContext context) {
        @SuppressWarnings("unchecked")
        List<String> patterns = (List<String>) o.getOrDefault("exclude", List.of());
        Excludes excludes = Excludes.of(patterns);
        SyncOptions opts = new SyncOptions(flag(o, "delete"), (Integer) o.getOrDefault("max_delete", -1),
                flag(o, "backup"), context.check(), context.diff(), mode(o, "mode"), mode(o, "dir_mode"),
                Owner.parse((String) o.get("owner"), null), flag(o, "checksum"), (String) o.get("validate"), null);
        LocalTree tree = LocalTree.scan(context.local((String) o.get("src")), excludes);
        String dest = (String) o.get("dest");
        // hosts behind a relay get the tree staged once per relay and copied from there (directly: the same SyncStep)
        return new RelayPush(Push.step(tree, dest, opts, excludes).redacting(context.redactor()), tree, dest, opts,
                excludes, patterns, false, "auto");
    }

    private static Step template(Map<String, Object> o, PlanContext context) {
        // like `muster template`: compared by content, parsed now so a syntax error stops the plan
        SyncOptions opts = new SyncOptions(false, -1, flag(o, "backup"), context.check(), context.diff(),
                mode(o, "mode"), null, Owner.parse((String) o.get("owner"), null), true, (String) o.get("validate"),
                null);
        var source = Templates.load(context.local((String) o.get("src")));
        return TemplateStep.step(source, (String) o.get("dest"), opts, context.redactor(), context.vars());
    }

    /** Runs {@code build}, giving an input error without a plan position the step's file and line. */
    private static Step at(PlanStep step, Supplier<Step> build) {
        try {
            return build.get();
        } catch (InputException e) {
            if (e.source().isPresent() && e.line() > 0) {
                throw e;   // already names a file and line (a template's syntax error)
            }
            throw new InputException(step.source(), step.line(), 0, step.kind().key() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> options(PlanStep step) {
        if (step.body() instanceof PlanStep.Options o) {
            return o.options();
        }
        throw new IllegalArgumentException("not an options step: " + step.describe());
    }

    private static boolean flag(Map<String, Object> o, String key) {
        return Boolean.TRUE.equals(o.get(key));
    }

    private static Integer mode(Map<String, Object> o, String key) {
        String text = (String) o.get(key);
        return text == null ? null : Integer.parseInt(text, 8);
    }
}
