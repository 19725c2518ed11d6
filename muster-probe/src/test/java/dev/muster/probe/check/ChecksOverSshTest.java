package dev.muster.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.Fault;
import dev.muster.testkit.Fleet;
import dev.muster.testkit.HttpTarget;
import dev.muster.testkit.OpenSshFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command checks and checks run on the host, over SSH: in-process hosts running real shell
 * commands (FakeFleet in SHELL mode) and real OpenSSH sshd hosts (skipped where sshd is absent).
 */
@Timeout(120)
class ChecksOverSshTest {

    @TempDir
    Path tmp;

    private static SshTransport transport(Fleet fleet) {
        return new SshTransport(SshTransportConfig.defaults().toBuilder().knownHostsFile(fleet.knownHosts())
                .identityFiles(List.of(fleet.clientKey().privateKeyFile())).useAgent(false).build());
    }

    private static List<Host> hosts(Fleet fleet) {
        return new InventoryLoader().load(List.of(fleet.inventory())).hosts();
    }

    @Test
    void commandChecksPassOnExitZeroAndNameTheFailureElsewhereOnFakeHosts() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(3).namePrefix("app").commandMode(CommandMode.SHELL)
                .baseAddress("127.0.42.1").dir(tmp.resolve("fleet")).start();
             SshTransport ssh = transport(fleet)) {
            Files.writeString(fleet.host("app01").dir().resolve("ready"), "");
            Files.writeString(fleet.host("app02").dir().resolve("ready"), "");
            fleet.host("app03").setFaults(Fault.REFUSE);
            HealthCheck cmd = Checks.command("test -f ready || { echo 'not ready' >&2; exit 3; }",
                    Duration.ofSeconds(10));
            Probes p = Probes.run(ssh, hosts(fleet), cmd, Thresholds.ONCE);
            assertThat(p.report("app01").verdict()).isEqualTo(Verdict.PASSING);
            assertThat(p.report("app02").verdict()).isEqualTo(Verdict.PASSING);
            assertThat(p.outcome("app03").status()).isEqualTo(Status.UNREACHABLE);
            assertThat(p.report("app03")).isNull();

            Files.delete(fleet.host("app02").dir().resolve("ready"));
            fleet.host("app03").clearFaults();
            Probes again = Probes.run(ssh, hosts(fleet), cmd, Thresholds.ONCE);
            assertThat(again.report("app02").reason()).isEqualTo("exit 3: not ready");
            assertThat(again.outcome("app02").kind()).isEqualTo(FailureKind.COMMAND_FAILED);
            assertThat(again.report("app03").reason()).isEqualTo("exit 3: not ready");
        }
    }

    @Test
    void aCommandThatOutlivesItsTimeoutFailsTheCheck() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(1).namePrefix("app").commandMode(CommandMode.SHELL)
                .baseAddress("127.0.42.11").dir(tmp.resolve("fleet")).start();
             SshTransport ssh = transport(fleet)) {
            Probes p = Probes.run(ssh, hosts(fleet), Checks.command("sleep 30", Duration.ofMillis(300)),
                    Thresholds.ONCE);
            assertThat(p.report("app01").reason()).isEqualTo("timed out after 300ms");
        }
    }

    @Test
    void httpFromTheHostReachesWhatTheHostSeesOnFakeHosts() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(2).namePrefix("app").commandMode(CommandMode.SHELL)
                .baseAddress("127.0.42.21").dir(tmp.resolve("fleet")).start();
             SshTransport ssh = transport(fleet);
             HttpTarget local = HttpTarget.start("127.0.3.31")) {
            HttpSpec spec = new HttpSpec("GET", UrlTemplate.parse("http://127.0.3.31:" + local.port() + "/health",
                    "--http"), StatusSet.parse("200"), java.util.regex.Pattern.compile("UP"), List.of(), false, null,
                    Duration.ofSeconds(5));
            Probes p = Probes.run(ssh, hosts(fleet), Checks.http(spec, Checks.From.HOST), Thresholds.ONCE);
            assertThat(p.reports.values()).extracting(CheckReport::verdict).containsOnly(Verdict.PASSING);
            assertThat(local.requests()).isEqualTo(2);
        }
    }

    @Test
    void commandAndOnHostChecksOverRealOpenSsh() throws Exception {
        OpenSshFleet.assumeAvailable();
        try (OpenSshFleet fleet = OpenSshFleet.builder().hosts(3).baseAddress("127.0.42.41").dir(tmp.resolve("sshd"))
                .start();
             SshTransport ssh = transport(fleet);
             HttpTarget target = HttpTarget.start("127.0.3.41")) {
            List<Host> hosts = hosts(fleet).stream()
                    .map(h -> h.withVars(Map.of("svc_port", target.port()))).toList();
            Probes cmd = Probes.run(ssh, hosts, Checks.command("test \"$(hostname)\" != impossible-name",
                    Duration.ofSeconds(10)), Thresholds.ONCE);
            assertThat(cmd.reports.values()).extracting(CheckReport::verdict).containsOnly(Verdict.PASSING);

            HttpSpec spec = new HttpSpec("GET", UrlTemplate.parse("http://127.0.3.41:{svc_port}/health", "--http"),
                    StatusSet.parse("200"), null, List.of(), false, null, Duration.ofSeconds(5));
            target.mode(new HttpTarget.Alternate());
            Probes flapping = Probes.run(ssh, hosts.subList(0, 1), Checks.http(spec, Checks.From.HOST),
                    new Thresholds(1, 1, Duration.ofMillis(10), Duration.ofMillis(30)));
            assertThat(flapping.report(hosts.getFirst().name()).verdict()).isEqualTo(Verdict.FLAPPING);

            target.stop();
            HealthCheck tcp = Checks.tcp(UrlTemplate.parse("127.0.3.41:{svc_port}", "--tcp"), Duration.ofSeconds(2),
                    Checks.From.HOST);
            Probes refused = Probes.run(ssh, hosts, tcp, Thresholds.ONCE);
            assertThat(refused.reports.values()).extracting(CheckReport::reason).containsOnly("connection refused");
        }
    }
}
