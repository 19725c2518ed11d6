package dev.muster.files;

import dev.muster.core.Redactor;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.files.template.FactSource;
import dev.muster.files.template.RenderException;
import dev.muster.files.template.RenderedFile;
import dev.muster.files.template.TemplateSource;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the step for {@code muster template TEMPLATE DEST}: render per host (facts gathered on
 * the step's own connection, only if the template reads them), then place the one file like a
 * push does: changed-only (by SHA-256), verified, validated, renamed into place.
 */
public final class TemplateStep {
    private TemplateStep() {
    }

    public static SyncStep step(TemplateSource template, String dest, SyncOptions opts, Redactor redactor) {
        return step(template, dest, opts, redactor, java.util.Map.of());
    }

    /** As {@link #step(TemplateSource, String, SyncOptions, Redactor)}, for a plan: its variables under each host's. */
    public static SyncStep step(TemplateSource template, String dest, SyncOptions opts, Redactor redactor,
                                java.util.Map<String, Object> planVars) {
        if (!dest.startsWith("/") || dest.endsWith("/")) {
            throw dev.muster.core.InputException.option("DEST",
                    "expected the absolute path of the file on the hosts, got '" + dest + "'");
        }
        Path d = Path.of(dest);
        String root = d.getParent() == null ? "/" : d.getParent().toString();
        String name = d.getFileName().toString();
        int mode = opts.fileMode() != null ? opts.fileMode() : 0644;
        // the host's time is irrelevant for rendered content: compare by hash
        SyncOptions byHash = new SyncOptions(false, -1, opts.backup(), opts.dryRun(), opts.diff(), mode, null,
                opts.owner(), true, opts.validate(), opts.onChange());
        SyncStep.Source source = ctx -> {
            RenderedFile file;
            try {
                file = template.render(ctx.host(), FactSource.from(ctx).memoized(), redactor, planVars);
            } catch (RenderException e) {
                throw new StepFailure(FailureKind.TEMPLATE_FAILED, e.getMessage(), e);
            } catch (dev.muster.core.InputException e) {
                // a secret the template read could not be resolved (usually found before the run)
                throw new StepFailure(FailureKind.TEMPLATE_FAILED, e.getMessage(), e);
            }
            long now = System.currentTimeMillis() / 1000;
            return new Target(root, false, List.of(Entry.file(name, mode, now, Content.of(file.content()))));
        };
        return new SyncStep(source, byHash, Excludes.none(), "template " + template.name() + " " + dest)
                .redacting(redactor).using(template.variableNames());
    }
}
