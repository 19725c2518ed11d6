package dev.muster.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.InputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void builderLeavesWhatIsNotSetEmpty() {
        Outcome o = Outcome.builder("web01", Status.OK).build();
        assertThat(o).isEqualTo(new Outcome("web01", Status.OK, null, null, null, "", "", "", 0, 0, null, List.of()));
    }

    @Test
    void toBuilderKeepsEveryFieldItDoesNotChange() {
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        Outcome o = new Outcome("web01", Status.FAILED, FailureKind.COMMAND_FAILED, 2, "KILL", "out", "err", "boom",
                3, 40, at, List.of("handler restart"));
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(o.withOutput("", "")).isEqualTo(new Outcome("web01", Status.FAILED, FailureKind.COMMAND_FAILED, 2,
                "KILL", "", "", "boom", 3, 40, at, List.of("handler restart")));
        assertThat(o.withMessage("step 2: boom").message()).isEqualTo("step 2: boom");
        assertThat(o.withMessage("x").owed()).containsExactly("handler restart");
    }

    @Test
    void engineFailureIsOneAttemptWithoutOutput() {
        Outcome o = Outcome.engineFailure("db1", FailureKind.INTERNAL, "lost");
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(o.stdout()).isEmpty();
        assertThat(o.message()).isEqualTo("lost");
    }

    @Test
    void optionErrorsNameTheOptionAsTheirSource() {
        InputException e = InputException.option("--resume", "no run r1");
        assertThat(e.getMessage()).isEqualTo("--resume: no run r1");
        assertThat(e.source()).contains("--resume");
        assertThat(e.line()).isZero();
        assertThat(InputException.in(java.nio.file.Path.of("plan.yaml"), "cannot read it").getMessage())
                .isEqualTo("plan.yaml: cannot read it");
    }
}
