package dev.muster.files.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.local.LocalTransport;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanStep;
import dev.muster.core.plan.StepKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan steps built by the files factory, run through the local transport. */
class FilesPlanStepsTest {
    private static final Host HOST = Host.of("local", "127.0.0.1", 22);
    private final FilesPlanSteps factory = new FilesPlanSteps();

    @TempDir
    Path tmp;

    private static PlanStep step(StepKind kind, Object... kv) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            options.put((String) kv[i], kv[i + 1]);
        }
        return new PlanStep(kind, "", null, null, null, List.of(), new PlanStep.Options(options), "site.yaml", 12);
    }

    private PlanContext ctx(boolean check, boolean diff) {
        return new PlanContext(Map.of("greeting", "hello from the plan"), check, diff, tmp, "run-9", "alice",
                Redactor.none());
    }

    private static Outcome run(Step step) throws InterruptedException {
        return new Executor(new LocalTransport()).run(List.of(HOST), step, ExecutorOptions.defaults(), new RunListener() {
        }).outcomes().getFirst();
    }

    @Test
    void buildsPushTemplateAndReleaseOnly() {
        assertThat(factory.builds(step(StepKind.PUSH))).isTrue();
        assertThat(factory.builds(step(StepKind.TEMPLATE))).isTrue();
        assertThat(factory.builds(step(StepKind.RELEASE))).isTrue();
        assertThat(factory.builds(step(StepKind.CHECK))).isFalse();
        assertThat(factory.undo(step(StepKind.PUSH, "src", "x", "dest", "/y"), ctx(false, false))).isNull();
    }

    @Test
    void pushResolvesTheSourceAgainstThePlanAndHonoursModeDeleteAndCheck() throws Exception {
        Files.createDirectories(tmp.resolve("site"));
        Files.writeString(tmp.resolve("site/index.html"), "hi\n");
        Path dest = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(dest.resolve("stale.html"), "old\n");
        PlanStep push = step(StepKind.PUSH, "src", "site", "dest", dest.toString(), "delete", true, "mode", "0600",
                "exclude", List.of("*.bak"));

        Outcome dry = run(factory.step(push, ctx(true, false)));
        assertThat(dry.status()).isEqualTo(Status.CHANGED);
        assertThat(dest.resolve("index.html")).doesNotExist();

        Outcome o = run(factory.step(push, ctx(false, false)));
        assertThat(o.status()).as(o.message()).isEqualTo(Status.CHANGED);
        assertThat(o.stdout()).contains("+ index.html", "- stale.html");
        assertThat(Files.getPosixFilePermissions(dest.resolve("index.html")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(run(factory.step(push, ctx(false, false))).status()).isEqualTo(Status.OK);
    }

    @Test
    void aRelativePushDestinationIsAnErrorAtThePlanLine() throws IOException {
        Files.createDirectories(tmp.resolve("site"));
        assertThatThrownBy(() -> factory.step(step(StepKind.PUSH, "src", "site", "dest", "www"), ctx(false, false)))
                .isInstanceOf(InputException.class).hasMessageStartingWith("site.yaml:12: push: ")
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> factory.step(step(StepKind.PUSH, "src", "nope", "dest", "/x"), ctx(false, false)))
                .hasMessageStartingWith("site.yaml:12: push: ");
    }

    @Test
    void templateSeesPlanVariablesAndReportsADiffInCheckMode() throws Exception {
        Files.writeString(tmp.resolve("motd.peb"), "{{ greeting }} on {{ host.name }}\n");
        Path dest = tmp.resolve("etc/motd");
        Files.createDirectories(dest.getParent());
        Files.writeString(dest, "old\n");
        PlanStep template = step(StepKind.TEMPLATE, "src", "motd.peb", "dest", dest.toString(), "mode", "0644");

        Outcome dry = run(factory.step(template, ctx(true, true)));
        assertThat(dry.status()).isEqualTo(Status.CHANGED);
        assertThat(dry.stdout()).contains("-old", "+hello from the plan on local");
        assertThat(dest).hasContent("old");

        Outcome o = run(factory.step(template, ctx(false, false)));
        assertThat(o.status()).isEqualTo(Status.CHANGED);
        assertThat(dest).hasContent("hello from the plan on local");
    }

    @Test
    void aTemplateSyntaxErrorNamesTheTemplateLine() throws IOException {
        Files.writeString(tmp.resolve("bad.peb"), "ok\n{% if %}\n");
        assertThatThrownBy(() -> factory.step(step(StepKind.TEMPLATE, "src", "bad.peb", "dest", "/etc/x"),
                ctx(false, false))).isInstanceOf(InputException.class).hasMessageStartingWith(tmp.resolve("bad.peb") + ":2: ");
    }

    @Test
    void releaseAndItsUndoSwitchBackToTheReleaseBefore() throws Exception {
        Path base = tmp.resolve("srv/app");
        for (String v : List.of("1", "2")) {
            Path dir = Files.createDirectories(tmp.resolve("build-" + v));
            Files.writeString(dir.resolve("VERSION"), v + "\n");
        }
        PlanContext first = new PlanContext(Map.of(), false, false, tmp, "run-1", "alice", Redactor.none());
        Outcome r1 = run(factory.step(step(StepKind.RELEASE, "artifact", "build-1", "base", base.toString(),
                "id", "v1"), first));
        assertThat(r1.status()).as(r1.message()).isEqualTo(Status.CHANGED);
        PlanStep second = step(StepKind.RELEASE, "artifact", "build-2", "base", base.toString(), "id", "v2");
        assertThat(run(factory.step(second, ctx(false, false))).status()).isEqualTo(Status.CHANGED);
        assertThat(base.resolve("current/VERSION")).hasContent("2");

        Outcome undo = run(factory.undo(second, ctx(false, false)));
        assertThat(undo.status()).as(undo.message()).isEqualTo(Status.CHANGED);
        assertThat(base.resolve("current/VERSION")).hasContent("1");
    }

    @Test
    void aBadReleaseArtifactStopsTheStepBeforeAnyHost() throws IOException {
        Files.writeString(tmp.resolve("app.tar.gz"), "not gzip, not tar");
        assertThatThrownBy(() -> factory.step(step(StepKind.RELEASE, "artifact", "app.tar.gz", "base", "/srv/app"),
                ctx(false, false))).isInstanceOf(InputException.class)
                .hasMessageStartingWith("site.yaml:12: release: cannot unpack " + tmp.resolve("app.tar.gz"));
    }
}
