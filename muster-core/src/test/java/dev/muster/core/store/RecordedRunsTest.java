package dev.muster.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedRunsTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRecordedRunKeepsItsSpecMaskedAndItsOutcomesTrimmedAndItsEnd() {
        FileRunStore store = new FileRunStore(dir.resolve("runs"));
        Redactor redactor = Redactor.of(List.of("s3cret"));
        RecordedRuns runs = new RecordedRuns(store, redactor, o -> o.withOutput(o.stdout().strip(), ""));
        RecordedRuns.Recording rec = runs.begin("r1", new RunSpec(RunKind.RUN, "@web", "echo s3cret",
                Map.of("command", "echo s3cret", "sudo", false)), List.of("web02", "web01"), AT);
        rec.hostFinished(Outcome.builder("web01", Status.OK).stdout("s3cret\n").stderr("x").build());
        rec.finish(0, Map.of(Status.OK, 1), Status::key);

        RunRecord run = store.load("r1").orElseThrow();
        assertThat(run.kind()).isEqualTo("run");
        assertThat(run.command()).isEqualTo("echo " + Redactor.MASK);
        assertThat(run.spec()).containsEntry("command", "echo " + Redactor.MASK).containsEntry("sudo", false);
        assertThat(run.hosts()).isEqualTo("web[01-02]");
        assertThat(run.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.stdout()).isEqualTo(Redactor.MASK);
            assertThat(o.stderr()).isEmpty();
        });
        assertThat(run.exitCode()).isZero();
        assertThat(run.counts()).containsEntry("ok", 1);
    }

    @Test
    void aPlanRunResumesOnlyWithTheSamePlanAndValues() throws Exception {
        FileRunStore store = new FileRunStore(dir.resolve("runs"));
        Path plan = Files.writeString(dir.resolve("web.yaml"), "name: web\n");
        PlanRunSpec spec = PlanRunSpec.of(plan, Map.of("version", "1.2"), false);
        new RecordedRuns(store, Redactor.none()).begin("r1",
                new RunSpec(RunKind.APPLY, "@web", "apply " + plan, spec.details()), List.of("web01"), AT)
                .finish(1, Map.of());

        assertThat(spec.resumable(store, "r1", plan, "runs").id()).isEqualTo("r1");
        assertThatThrownBy(() -> spec.resumable(store, "r9", plan, "runs")).isInstanceOf(InputException.class)
                .hasMessage("--resume: no run r9 in runs (muster runs lists them)");
        PlanRunSpec otherVars = PlanRunSpec.of(plan, Map.of("version", "1.3"), false);
        assertThatThrownBy(() -> otherVars.resumable(store, "r1", plan, "runs"))
                .hasMessage("-e: run r1 was started with other -e values: pass the same ones");
        Files.writeString(plan, "name: web2\n");
        PlanRunSpec changed = PlanRunSpec.of(plan, Map.of("version", "1.2"), false);
        assertThatThrownBy(() -> changed.resumable(store, "r1", plan, "runs"))
                .hasMessageStartingWith(plan + ": the plan changed since run r1 started");
    }
}
