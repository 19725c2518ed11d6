package dev.muster.probe.plan;

import static dev.muster.probe.plan.Fixtures.HEALTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.local.LocalTransport;
import dev.muster.core.plan.Plan;
import dev.muster.core.strategy.Batch;
import dev.muster.core.strategy.Gate;
import dev.muster.testkit.HttpTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Gates over three hosts, each a real HTTP server on its own loopback address (127.0.6.11-13). */
@Timeout(60)
class CheckGateTest {
    private static final Duration FAST = Duration.ofMillis(50);

    private final List<HttpTarget> targets = new ArrayList<>();
    private final List<Host> hosts = new ArrayList<>();
    private final ProbePlanSteps steps = new ProbePlanSteps(new LocalTransport(), 2);

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        for (int i = 1; i <= 3; i++) {
            HttpTarget t = HttpTarget.start("127.0.6.1" + i);
            targets.add(t);
            hosts.add(Fixtures.host("web0" + i, t));
        }
    }

    @AfterEach
    void stop() {
        steps.close();
        targets.forEach(HttpTarget::close);
    }

    private Gate gate(Duration timeout, Object... more) {
        Map<String, Object> check = new HashMap<>(Map.of("http", HEALTH, "expect", "200", "interval", FAST));
        for (int i = 0; i < more.length; i += 2) {
            check.put((String) more[i], more[i + 1]);
        }
        return steps.gate(new Plan.GateSpec("health", check, timeout, 12), Fixtures.context(dir, false));
    }

    private Gate.Verdict run(Gate gate) throws InterruptedException {
        return gate.check(new Batch(1, 1, hosts), hosts);
    }

    @Test
    void passesWhenEveryHostPasses() throws Exception {
        Gate.Verdict v = run(gate(Duration.ofSeconds(10), "passing_after", 2));
        assertThat(v.passed()).isTrue();
        assertThat(targets).allSatisfy(t -> assertThat(t.requests()).isEqualTo(2));
    }

    @Test
    void aHostAnswering500FailsTheGateByName() throws Exception {
        targets.get(2).mode(HttpTarget.ERROR);
        Gate.Verdict v = run(gate(Duration.ofSeconds(10), "critical_after", 3));
        assertThat(v.passed()).isFalse();
        assertThat(v.reason()).isEqualTo("web03: status 500 (expected 200) x3");
    }

    @Test
    void aHostThatBecomesHealthyWithinTheTimeoutPasses() throws Exception {
        targets.get(0).mode(new HttpTarget.FailFirst(5));
        Gate.Verdict v = run(gate(Duration.ofSeconds(20)));
        assertThat(v.passed()).isTrue();
        assertThat(targets.get(0).requests()).isEqualTo(6);
        assertThat(targets.get(1).requests()).isEqualTo(1);
    }

    @Test
    void criticalAfterFailsEarlyAndStopsWatchingTheOthers() throws Exception {
        targets.get(0).mode(HttpTarget.ERROR);
        targets.get(2).mode(new HttpTarget.Hang());     // neither passes nor fails for minutes
        Gate.Verdict v = run(gate(Duration.ofMinutes(10), "critical_after", 2, "probe_timeout", Duration.ofMinutes(5)));
        assertThat(v.passed()).isFalse();
        assertThat(v.reason()).isEqualTo("web01: status 500 (expected 200) x2");   // web03 stopped, not failed
        assertThat(targets.get(0).requests()).isEqualTo(2);
    }

    @Test
    void timesOutNamingEveryHostThatIsNotPassing() throws Exception {
        targets.get(0).mode(HttpTarget.ERROR);
        targets.get(2).stop();
        Gate.Verdict v = run(gate(Duration.ofMillis(400)));
        assertThat(v.passed()).isFalse();
        // How many probes fit in 400 ms depends on the machine's load: " xN" counts them when there were several.
        assertThat(v.reason()).matches("web01: not passing within 400ms: status 500 \\(expected 200\\)( x\\d+)?; "
                + "web03: not passing within 400ms: connection refused( x\\d+)?");
        assertThat(targets.get(0).requests()).isPositive();
    }

    @Test
    void onlyTheDeployedHostsAreProbed() throws Exception {
        targets.get(1).mode(HttpTarget.ERROR);
        Gate.Verdict v = gate(Duration.ofSeconds(5)).check(new Batch(1, 1, hosts), List.of(hosts.get(0)));
        assertThat(v.passed()).isTrue();
        assertThat(targets.get(1).requests()).isZero();
    }

    @Test
    void commandChecksRunOnTheHostThroughTheTransport() throws Exception {
        Path ready = dir.resolve("ready");
        java.nio.file.Files.writeString(ready, "");
        Map<String, Object> check = Map.of("cmd", "test -e '" + ready + "'",
                "interval", FAST, "critical_after", 1);
        Gate.Verdict v = steps.gate(new Plan.GateSpec("", check, Duration.ofSeconds(5), 3), Fixtures.context(dir, false))
                .check(new Batch(1, 1, hosts), hosts);
        assertThat(v.passed()).isTrue();

        Gate cmd = steps.gate(new Plan.GateSpec("", Map.of("cmd", "exit 3", "critical_after", 1), Duration.ofSeconds(5),
                3), Fixtures.context(dir, false));
        assertThat(cmd.check(new Batch(1, 1, hosts), List.of(hosts.get(0))).reason()).isEqualTo("web01: exit 3");
    }

    @Test
    void aHostTheTransportCannotReachFailsTheGateAtOnce() throws Exception {
        Transport down = new Transport() {
            @Override
            public Connection connect(Host host) throws StepFailure {
                throw new StepFailure(FailureKind.CONNECT_REFUSED, "connection refused");
            }

            @Override
            public void close() {
            }
        };
        try (ProbePlanSteps overSsh = new ProbePlanSteps(down)) {
            Gate g = overSsh.gate(new Plan.GateSpec("", Map.of("cmd", "true"), Duration.ofMinutes(10), 3),
                    Fixtures.context(dir, false));
            Gate.Verdict v = g.check(new Batch(1, 1, hosts), List.of(hosts.get(1)));
            assertThat(v.reason()).isEqualTo("web02: unreachable: connection refused");
        }
    }
}
