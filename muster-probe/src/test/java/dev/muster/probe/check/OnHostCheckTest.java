package dev.muster.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.testkit.HttpTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks run "on the host" (here: this machine's /bin/sh through the local transport) with only
 * curl, only wget or only bash on the PATH, so each fallback is exercised for real.
 */
@Timeout(60)
class OnHostCheckTest {
    private static final List<String> BASICS = List.of("date", "cat", "rm", "mktemp", "timeout");
    private HttpTarget target;
    private Host host;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        target = HttpTarget.start("127.0.3.21");
        host = Host.of("app01", "127.0.3.21", 22).withVars(Map.of("app_port", target.port()));
    }

    @AfterEach
    void stop() {
        target.close();
    }

    /** A PATH holding shims for the basic tools plus {@code tools}. */
    private Transport hostWith(String... tools) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin-" + String.join("-", tools)));
        for (String t : concat(BASICS, List.of(tools))) {
            Path real = List.of(Path.of("/usr/bin", t), Path.of("/bin", t)).stream().filter(Files::isExecutable)
                    .findFirst().orElse(null);
            Path shim = bin.resolve(t);
            if (real != null && !Files.exists(shim)) {
                Files.writeString(shim, "#!/bin/sh\nexec " + real + " \"$@\"\n");
                shim.toFile().setExecutable(true);
            }
        }
        return Probes.withPath(bin.toString());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private HealthCheck http(String expect, String body) {
        HttpSpec spec = new HttpSpec("GET", UrlTemplate.parse("http://{address}:{app_port}/health?x=1", "--http"),
                StatusSet.parse(expect), body == null ? null : Pattern.compile(body), List.of(), false, null,
                Duration.ofSeconds(5));
        return Checks.http(spec, Checks.From.HOST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"curl", "wget", "bash"})
    void eachToolReadsStatusAndBody(String tool) throws Exception {
        Transport t = hostWith(tool);
        CheckReport ok = Probes.run(t, List.of(host), http("200", "\"status\":\"UP\""), Thresholds.ONCE)
                .report("app01");
        assertThat(ok.verdict()).as(ok.reason()).isEqualTo(Verdict.PASSING);
        assertThat(ok.httpStatus()).isEqualTo(200);

        target.mode(HttpTarget.ERROR);
        CheckReport bad = Probes.run(t, List.of(host), http("2xx", null), Thresholds.ONCE).report("app01");
        assertThat(bad.reason()).isEqualTo("status 500 (expected 2xx)");

        target.mode(new HttpTarget.Answer(200, "{\"status\":\"DOWN\"}"));
        CheckReport body = Probes.run(t, List.of(host), http("200", "UP"), Thresholds.ONCE).report("app01");
        assertThat(body.reason()).isEqualTo("body does not match /UP/");
    }

    @Test
    void aHostWithNoToolSaysSo() throws Exception {
        CheckReport r = Probes.run(hostWith(), List.of(host), http("200", null), Thresholds.ONCE).report("app01");
        assertThat(r.verdict()).isEqualTo(Verdict.CRITICAL);
        assertThat(r.reason()).isEqualTo("the host has none of curl, wget, bash");
    }

    @Test
    void curlOnTheHostReportsARefusedConnection() throws Exception {
        target.stop();
        CheckReport r = Probes.run(hostWith("curl"), List.of(host), http("200", null), Thresholds.ONCE)
                .report("app01");
        assertThat(r.reason()).isEqualTo("curl got no HTTP response (exit 7: connection refused)");
    }

    @Test
    void tcpOnTheHostUsesBashDevTcp() throws Exception {
        HealthCheck tcp = Checks.tcp(UrlTemplate.parse("{address}:{app_port}", "--tcp"), Duration.ofSeconds(2),
                Checks.From.HOST);
        Transport t = hostWith("bash");
        assertThat(Probes.run(t, List.of(host), tcp, Thresholds.ONCE).report("app01").verdict())
                .isEqualTo(Verdict.PASSING);
        target.stop();
        assertThat(Probes.run(t, List.of(host), tcp, Thresholds.ONCE).report("app01").reason())
                .isEqualTo("connection refused");
    }

    @Test
    void valuesReachTheShellQuoted() throws Exception {
        // a variable full of shell syntax (valid in a URL query) must arrive as one literal URL
        Path marker = tmp.resolve("pwned");
        Host evil = host.withVars(Map.of("app_port", target.port(), "q", "$(touch$IFS" + marker + ")';touch$IFS"
                + marker + "'"));
        HttpSpec spec = new HttpSpec("GET", UrlTemplate.parse("http://{address}:{app_port}/?q={q}", "--http"),
                StatusSet.parse("2xx,4xx"), null, List.of(), false, null, Duration.ofSeconds(5));
        for (String tool : List.of("curl", "wget", "bash")) {
            CheckReport r = Probes.run(hostWith(tool), List.of(evil), Checks.http(spec, Checks.From.HOST),
                    Thresholds.ONCE).report("app01");
            assertThat(r.verdict()).as(tool + ": " + r.reason()).isEqualTo(Verdict.PASSING);
        }
        assertThat(marker).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"curl", "wget"})
    void httpsOnTheHostVerifiesWithTheGivenCaOrNotAtAllWithInsecure(String tool) throws Exception {
        try (HttpTarget tls = HttpTarget.tls("127.0.3.22", tmp.resolve("tls"))) {
            Host h = Host.of("app02", tls.address(), 22).withVars(Map.of("p", tls.port()));
            UrlTemplate url = UrlTemplate.parse("https://{address}:{p}/health", "--http");
            Transport t = hostWith(tool);
            HttpSpec plain = new HttpSpec("GET", url, null, null, List.of(), false, null, Duration.ofSeconds(5));
            CheckReport untrusted = Probes.run(t, List.of(h), Checks.http(plain, Checks.From.HOST), Thresholds.ONCE)
                    .report("app02");
            assertThat(untrusted.verdict()).isEqualTo(Verdict.CRITICAL);
            assertThat(untrusted.reason()).startsWith(tool + " got no HTTP response").contains("certificate");

            HttpSpec withCa = new HttpSpec("GET", url, null, null, List.of(), false, tls.certificatePem(),
                    Duration.ofSeconds(5));
            CheckReport ca = Probes.run(t, List.of(h), Checks.http(withCa, Checks.From.HOST), Thresholds.ONCE)
                    .report("app02");
            assertThat(ca.verdict()).as(ca.reason()).isEqualTo(Verdict.PASSING);

            HttpSpec insecure = new HttpSpec("GET", url, null, null, List.of(), true, null, Duration.ofSeconds(5));
            CheckReport any = Probes.run(t, List.of(h), Checks.http(insecure, Checks.From.HOST), Thresholds.ONCE)
                    .report("app02");
            assertThat(any.verdict()).as(any.reason()).isEqualTo(Verdict.PASSING);
        }
    }

    @Test
    void aDateWithoutNanosecondsOnlyLosesTheLatency() throws Exception {
        Transport t = hostWith("curl");
        Path bin = tmp.resolve("bin-curl");
        // busybox-like date: %N is not expanded
        Files.writeString(bin.resolve("date"), "#!/bin/sh\necho 1700000000N\n");
        CheckReport r = Probes.run(t, List.of(host), http("200", null), Thresholds.ONCE).report("app01");
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSING);
        assertThat(r.latencyP50()).isNull();
    }

    @Test
    void headRequestsWorkWithCurl() throws Exception {
        HttpSpec head = new HttpSpec("HEAD", UrlTemplate.parse("http://{address}:{app_port}/", "--http"),
                StatusSet.parse("200"), null, List.of(HeaderMatch.parse("Content-Type:json")), false, null,
                Duration.ofSeconds(5));
        CheckReport r = Probes.run(hostWith("curl"), List.of(host), Checks.http(head, Checks.From.HOST),
                Thresholds.ONCE).report("app01");
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSING);
    }
}
