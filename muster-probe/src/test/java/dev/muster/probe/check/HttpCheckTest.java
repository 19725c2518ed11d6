package dev.muster.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.testkit.HttpTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTP and TCP checks from the controller against real servers on 127.0.3.x, one per host. */
@Timeout(60)
class HttpCheckTest {
    private final List<HttpTarget> targets = new ArrayList<>();
    private final List<Host> hosts = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        for (int i = 1; i <= 3; i++) {
            HttpTarget t = HttpTarget.start("127.0.3." + i);
            targets.add(t);
            hosts.add(Host.of("web0" + i, t.address(), 22).withVars(Map.of("http_port", t.port())));
        }
    }

    @AfterEach
    void stop() {
        targets.forEach(HttpTarget::close);
    }

    private static HttpSpec spec(String url, String expect, String body, Duration timeout) {
        return new HttpSpec("GET", UrlTemplate.parse(url, "--http"), StatusSet.parse(expect),
                body == null ? null : Pattern.compile(body), List.of(), false, null, timeout);
    }

    private HealthCheck http(String expect, String body) {
        return Checks.http(spec("http://{address}:{http_port}/health", expect, body, Duration.ofSeconds(5)),
                Checks.From.CONTROLLER);
    }

    @Test
    void passingHostsReportLatencyAndAFailingOneItsStatus() throws Exception {
        targets.get(1).mode(HttpTarget.ERROR);
        Probes p = Probes.run(hosts, http("200", "\"status\":\"UP\""), Thresholds.ONCE);
        assertThat(p.report("web01").verdict()).isEqualTo(Verdict.PASSING);
        assertThat(p.report("web01").latencyP50()).isNotNull().isPositive();
        assertThat(p.report("web01").httpStatus()).isEqualTo(200);
        assertThat(p.report("web02").verdict()).isEqualTo(Verdict.CRITICAL);
        assertThat(p.report("web02").reason()).isEqualTo("status 500 (expected 200)");
        assertThat(p.outcome("web02").status()).isEqualTo(Status.FAILED);
        assertThat(p.outcome("web02").kind()).isEqualTo(FailureKind.COMMAND_FAILED);
        assertThat(p.outcome("web02").message()).isEqualTo("critical: status 500 (expected 200)");
        assertThat(p.outcome("web03").status()).isEqualTo(Status.OK);
    }

    @Test
    void bodyAndHeaderMustMatchWhenAsked() throws Exception {
        targets.get(0).mode(new HttpTarget.Answer(200, "{\"status\":\"DEGRADED\"}"));
        Probes p = Probes.run(hosts.subList(0, 1), http("2xx", "\"status\":\"UP\""), Thresholds.ONCE);
        assertThat(p.report("web01").reason()).isEqualTo("body does not match /\"status\":\"UP\"/");

        HttpSpec headers = new HttpSpec("GET", UrlTemplate.parse("http://{address}:{http_port}/", "--http"), null,
                null, List.of(HeaderMatch.parse("content-type:json"), HeaderMatch.parse("X-Version:^2\\.")), false,
                null, Duration.ofSeconds(5));
        Probes h = Probes.run(hosts.subList(1, 2), Checks.http(headers, Checks.From.CONTROLLER), Thresholds.ONCE);
        assertThat(h.report("web02").reason()).isEqualTo("header X-Version missing");
    }

    @Test
    void aSlowOrSilentServerTimesOutAndAStoppedOneRefuses() throws Exception {
        targets.get(0).mode(new HttpTarget.Slow(Duration.ofSeconds(20)));
        targets.get(1).mode(new HttpTarget.Hang());
        targets.get(2).stop();
        HealthCheck check = Checks.http(spec("http://{address}:{http_port}/", "2xx", null, Duration.ofMillis(300)),
                Checks.From.CONTROLLER);
        Probes p = Probes.run(hosts, check, Thresholds.ONCE);
        assertThat(p.report("web01").reason()).isEqualTo("timed out after 300ms");
        assertThat(p.report("web02").reason()).isEqualTo("timed out after 300ms");
        assertThat(p.report("web03").reason()).isEqualTo("connection refused");
        targets.get(1).mode(HttpTarget.OK);
    }

    @Test
    void aServiceAlternatingBetween200And500IsFlapping() throws Exception {
        targets.get(0).mode(new HttpTarget.Alternate());
        Thresholds t = new Thresholds(1, 1, Duration.ofMillis(20), Duration.ofMillis(100));
        Probes p = Probes.run(hosts.subList(0, 1), http("2xx", null), t);
        CheckReport r = p.report("web01");
        assertThat(r.verdict()).isEqualTo(Verdict.FLAPPING);
        assertThat(r.probes()).isEqualTo(6);
        assertThat(r.reason()).isEqualTo("3 of 6 probes passed; last failure: status 500 (expected 2xx)");
        assertThat(p.outcome("web01").status()).isEqualTo(Status.FAILED);
    }

    @Test
    void aServiceThatComesUpPassesOnceItHasPassedEnoughTimesInARow() throws Exception {
        HttpTarget target = targets.get(0);
        target.mode(HttpTarget.ERROR);
        // the check itself flips the target after its second request: no timing involved
        HealthCheck base = http("2xx", null);
        HealthCheck flipping = ctx -> {
            Probe probe = base.probe(ctx);
            if (target.requests() == 2) {
                target.mode(HttpTarget.OK);
            }
            return probe;
        };
        Probes p = Probes.run(hosts.subList(0, 1), flipping, new Thresholds(3, 5, Duration.ofMillis(10), null));
        CheckReport r = p.report("web01");
        assertThat(r.verdict()).isEqualTo(Verdict.PASSING);
        assertThat(r.probes()).isEqualTo(5);
        assertThat(r.passed()).isEqualTo(3);
    }

    @Test
    void tcpConnectsToAListeningPortAndReportsARefusedOne() throws Exception {
        targets.get(2).stop();
        HealthCheck tcp = Checks.tcp(UrlTemplate.parse("{address}:{http_port}", "--tcp"), Duration.ofSeconds(2),
                Checks.From.CONTROLLER);
        Probes p = Probes.run(hosts, tcp, Thresholds.ONCE);
        assertThat(p.report("web01").verdict()).isEqualTo(Verdict.PASSING);
        assertThat(p.report("web03").reason()).isEqualTo("connection refused");
    }

    @Test
    void httpsIsVerifiedAgainstTheGivenCaAndInsecureSkipsVerification() throws Exception {
        try (HttpTarget tls = HttpTarget.tls("127.0.3.9", tmp)) {
            Host h = Host.of("secure", tls.address(), 22).withVars(Map.of("p", tls.port()));
            String url = "https://{address}:{p}/health";
            HttpSpec verified = spec(url, "200", null, Duration.ofSeconds(5));
            Probes untrusted = Probes.run(List.of(h), Checks.http(verified, Checks.From.CONTROLLER), Thresholds.ONCE);
            assertThat(untrusted.report("secure").reason()).startsWith("TLS: ");

            HttpSpec withCa = new HttpSpec("GET", UrlTemplate.parse(url, "--http"), StatusSet.parse("200"), null,
                    List.of(), false, tls.certificatePem(), Duration.ofSeconds(5));
            assertThat(Probes.run(List.of(h), Checks.http(withCa, Checks.From.CONTROLLER), Thresholds.ONCE)
                    .report("secure").verdict()).isEqualTo(Verdict.PASSING);

            HttpSpec insecure = new HttpSpec("GET", UrlTemplate.parse(url, "--http"), StatusSet.parse("200"), null,
                    List.of(), true, null, Duration.ofSeconds(5));
            assertThat(Probes.run(List.of(h), Checks.http(insecure, Checks.From.CONTROLLER), Thresholds.ONCE)
                    .report("secure").verdict()).isEqualTo(Verdict.PASSING);
        }
    }
}
