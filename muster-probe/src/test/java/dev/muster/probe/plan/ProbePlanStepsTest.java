package dev.muster.probe.plan;

import static dev.muster.probe.plan.Fixtures.HEALTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.local.LocalTransport;
import dev.muster.core.plan.PlanStep;
import dev.muster.core.plan.StepKind;
import dev.muster.testkit.HttpTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** check and wait-until steps of a plan, against a real HTTP server on 127.0.6.1. */
@Timeout(60)
class ProbePlanStepsTest {
    private final HttpTarget target = HttpTarget.start("127.0.6.1");
    private final Host web01 = Fixtures.host("web01", target);
    private final ProbePlanSteps steps = new ProbePlanSteps(new LocalTransport());

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        steps.close();
        target.close();
    }

    @Test
    void buildsCheckStepsAndWaitUntilButNotPlainWaits() {
        assertThat(steps.builds(Fixtures.check(Map.of("http", HEALTH)))).isTrue();
        assertThat(steps.builds(Fixtures.waitUntil(Map.of("http", HEALTH), Duration.ofSeconds(1)))).isTrue();
        PlanStep plainWait = new PlanStep(StepKind.WAIT, "", null, HostSet.empty(), null, List.of(),
                new PlanStep.Wait(Duration.ofSeconds(30), null, null), "deploy.yaml", 3);
        assertThat(steps.builds(plainWait)).isFalse();
        assertThat(steps.buildsGates()).isTrue();
    }

    @Test
    void checkStepIsOkWhenTheServicePasses() throws Exception {
        Outcome o = Fixtures.runOn(web01, steps.step(Fixtures.check(Map.of("http", HEALTH, "expect", "200")),
                Fixtures.context(dir, false)));
        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(o.message()).startsWith("passing: 1/1 probe(s) passed, latency ");
    }

    @Test
    void checkStepRunsInCheckModeAndFailsWithTheStatusItGot() throws Exception {
        target.mode(HttpTarget.ERROR);
        Outcome o = Fixtures.runOn(web01, steps.step(Fixtures.check(Map.of("http", HEALTH, "expect", "200")),
                Fixtures.context(dir, true)));
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.kind()).isEqualTo(FailureKind.COMMAND_FAILED);
        assertThat(o.message()).startsWith("critical: status 500 (expected 200) (0/1 probe(s) passed, latency ");
        assertThat(target.requests()).isEqualTo(1);
    }

    @Test
    void checkStepHonoursPassingAfter() throws Exception {
        Outcome o = Fixtures.runOn(web01, steps.step(Fixtures.check(Map.of("http", HEALTH, "passing_after", 3,
                "interval", Duration.ofMillis(50))), Fixtures.context(dir, false)));
        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(target.requests()).isEqualTo(3);
    }

    @Test
    void waitUntilPassesOnceTheServiceHasStarted() throws Exception {
        target.mode(new HttpTarget.FailFirst(4));
        Outcome o = Fixtures.runOn(web01, steps.step(Fixtures.waitUntil(Map.of("http", HEALTH, "interval",
                Duration.ofMillis(50)), Duration.ofSeconds(20)), Fixtures.context(dir, false)));
        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(o.message()).startsWith("passing after 5 probe(s)");
        assertThat(target.requests()).isEqualTo(5);
    }

    @Test
    void waitUntilFailsAfterItsTimeoutWithTheLastReason() throws Exception {
        target.mode(HttpTarget.ERROR);
        Outcome o = Fixtures.runOn(web01, steps.step(Fixtures.waitUntil(Map.of("http", HEALTH, "expect", "200",
                "interval", Duration.ofMillis(50)), Duration.ofMillis(300)), Fixtures.context(dir, false)));
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.kind()).isEqualTo(FailureKind.TIMEOUT);
        // How many probes fit in 300 ms depends on the machine's load: " xN" counts them when there were several.
        assertThat(o.message()).matches("not passing within 300ms: status 500 \\(expected 200\\)( x\\d+)?");
        assertThat(target.requests()).isPositive();
    }

    @Test
    void waitUntilRunsACommandOnTheHost() throws Exception {
        Path flag = dir.resolve("ready");
        java.nio.file.Files.createFile(flag);
        Outcome o = Fixtures.runOn(web01, steps.step(Fixtures.waitUntil(Map.of("cmd", "test -e '" + flag + "'"),
                Duration.ofSeconds(5)), Fixtures.context(dir, false)));
        assertThat(o.status()).isEqualTo(Status.OK);
    }

    @Test
    void aFieldTheHostLacksFailsThatHostBeforeProbing() throws Exception {
        Outcome o = Fixtures.runOn(Host.of("db01", "127.0.6.1", 22), steps.step(Fixtures.check(
                Map.of("http", HEALTH)), Fixtures.context(dir, false)));
        assertThat(o.kind()).isEqualTo(FailureKind.VALIDATION_FAILED);
        assertThat(o.message()).contains("unknown field {http_port} for host db01");
        assertThat(target.requests()).isZero();
    }

    @Test
    void badOptionsAreInputErrorsNamingTheFileAndLine() {
        assertThatThrownBy(() -> steps.step(Fixtures.check(Map.of("http", HEALTH, "expect", "20x")),
                Fixtures.context(dir, false)))
                .isInstanceOf(InputException.class).hasMessageStartingWith("deploy.yaml:7: check: ")
                .hasMessageContaining("'20x' is not an HTTP status");
        assertThatThrownBy(() -> steps.step(Fixtures.waitUntil(Map.of("http", HEALTH, "passing_after", 0),
                Duration.ofSeconds(1)), Fixtures.context(dir, false)))
                .isInstanceOf(InputException.class).hasMessageStartingWith("deploy.yaml:9: check: ");
        assertThatThrownBy(() -> steps.step(Fixtures.waitUntil(Map.of("tcp", "80", "for", Duration.ofSeconds(5)),
                Duration.ofSeconds(1)), Fixtures.context(dir, false)))
                .isInstanceOf(InputException.class).hasMessageContaining("'for' is for check steps only");
    }

    @Test
    void aRelativeCaFileResolvesAgainstThePlanDirectory() {
        assertThatThrownBy(() -> steps.step(Fixtures.check(Map.of("http", "https://{address}/", "ca", "certs/ca.pem")),
                Fixtures.context(dir, false)))
                .isInstanceOf(InputException.class).hasMessageContaining("cannot read " + dir.resolve("certs/ca.pem"));
    }
}
