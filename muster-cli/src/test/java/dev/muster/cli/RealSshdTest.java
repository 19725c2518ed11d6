package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.core.step.CommandStep;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.OpenSshFleet;
import dev.muster.testkit.OpenSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * muster against 20 real OpenSSH sshd hosts on loopback, each in its own mount namespace with
 * private /srv: run, script, sudo, known_hosts refusal, pool reuse, retry. Skipped (with the
 * reason) where sshd or root is missing, unless MUSTER_REQUIRE_SSHD=1.
 */
class RealSshdTest {
    private static final int HOSTS = 20;
    private static OpenSshFleet fleet;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startFleet() throws Exception {
        OpenSshFleet.assumeAvailable();
        dev.muster.testkit.OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(HOSTS).baseAddress("127.0.21.1").perHostDirs(true).start();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, tmp.resolve("store")).muster(args);
    }

    @Test
    void aCommandOnTwentyHostsIsGatheredIntoOneBlock() {
        CliResult r = muster("run", "all", "--", "uname", "-s");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("host[01-20] (20): ok\n    Linux\n").contains("recap: 20 hosts · 20 ok");
    }

    @Test
    void aCommandWhoseBackgroundChildHoldsItsOutputFailsThoseHostsInsteadOfHangingTheRun() {
        try {
            CliResult r = muster("run", "host0[1-2]", "--", "echo started; sleep 1215 &");
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains("host[01-02] (2): failed (output did not close)")
                    .contains("output did not close: the command exited with 0 but its stdout or stderr was still "
                            + "open 5s later")
                    .contains("started");
        } finally {
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").endsWith("sleep 1215"))
                    .forEach(ProcessHandle::destroyForcibly); // left running on the hosts, as ssh would
        }
    }

    @Test
    void aScriptRunsWithItsArgumentsAndWritesOnlyItsOwnHostsFiles() throws Exception {
        Path script = tmp.resolve("mark.sh");
        Files.writeString(script, "#!/bin/sh\nset -e\nmkdir -p /srv/app\nprintf '%s\\n' \"$1\" > /srv/app/marker\n"
                + "echo \"marked $2\"\n");
        CliResult r = muster("run", "host0[1-5]", "--script", script.toString(), "release 7", "ok");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("host[01-05] (5): ok\n    marked ok\n");
        for (OpenSshHost h : fleet.hosts()) {
            Path marker = fleet.hostPath(h.name(), "/srv/app/marker");
            if (h.name().compareTo("host06") < 0) {
                assertThat(marker).as(h.name()).hasContent("release 7");
            } else {
                assertThat(marker).as(h.name()).doesNotExist();
            }
        }
    }

    @Test
    void sudoRunsTheCommandAsRoot() {
        // Each host has its own hostname, which sudo may warn it cannot resolve: check stdout only.
        CliResult r = muster("run", "host0[1-3]", "--sudo", "--json", "--", "id -un; echo $((6*7))");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.outLines()).filteredOn(l -> l.startsWith("{\"host\""))
                .hasSize(3).allSatisfy(l -> assertThat(l).contains("\"stdout\":\"root\\n42\\n\""));
    }

    @Test
    void unknownAndChangedHostKeysAreRefusedAndNothingRuns() throws Exception {
        Path empty = tmp.resolve("empty_known_hosts");
        Files.writeString(empty, "");
        List<String> lines = Files.readAllLines(fleet.knownHosts());
        // Give host01's entry host02's key: a changed key for host01.
        String host02Key = lines.get(1).substring(lines.get(1).indexOf(' '));
        List<String> swapped = new ArrayList<>(lines);
        swapped.set(0, lines.get(0).substring(0, lines.get(0).indexOf(' ')) + host02Key);
        Path changed = tmp.resolve("changed_known_hosts");
        Files.write(changed, swapped);

        CliResult unknown = CliResult.run(List.of("run", "host01", "-i", fleet.inventory().toString(),
                "--known-hosts", empty.toString(), "--identity", fleet.clientKey().privateKeyFile().toString(),
                "--store", tmp.resolve("store").toString(), "--", "touch /srv/should-not-exist"));
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.out()).contains("unreachable (host key not in known_hosts)").contains("--accept-new");

        CliResult mismatch = CliResult.run(List.of("run", "host01", "-i", fleet.inventory().toString(),
                "--known-hosts", changed.toString(), "--identity", fleet.clientKey().privateKeyFile().toString(),
                "--store", tmp.resolve("store").toString(), "--accept-new", "--", "touch /srv/should-not-exist"));
        assertThat(mismatch.exit()).isEqualTo(1);
        assertThat(mismatch.out()).contains("unreachable (host key changed)").containsPattern("SHA256:\\S+[^\\n]*SHA256:");
        assertThat(fleet.hostPath("host01", "/srv/should-not-exist")).doesNotExist();
        assertThat(Files.readAllLines(changed)).isEqualTo(swapped);
    }

    @Test
    void oneSessionPerHostIsReusedAcrossCommands() throws Exception {
        List<Host> hosts = new InventoryLoader().load(List.of(fleet.inventory())).hosts();
        SshTransportConfig config = SshTransportConfig.defaults().toBuilder().knownHostsFile(fleet.knownHosts())
                .identityFiles(List.of(fleet.clientKey().privateKeyFile())).useAgent(false).build();
        try (SshTransport transport = new SshTransport(config)) {
            Executor executor = new Executor(transport);
            for (int round = 0; round < 3; round++) {
                RunResult r = executor.run(hosts, CommandStep.command("true", false),
                        ExecutorOptions.defaults().withForks(HOSTS), null);
                assertThat(r.allSucceeded()).isTrue();
            }
            assertThat(transport.stats().created()).isEqualTo(HOSTS);
            assertThat(transport.stats().idle()).isEqualTo(HOSTS);
            assertThat(transport.stats().failed()).isZero();
        }
    }

    @Test
    void retryRerunsOnlyTheHostThatFailed() throws Exception {
        String command = "echo run >> /srv/runs; test ! -e /srv/fail";
        Files.createDirectories(fleet.hostPath("host07", "/srv"));
        Files.writeString(fleet.hostPath("host07", "/srv/fail"), "");
        for (OpenSshHost h : fleet.hosts()) {
            Files.deleteIfExists(fleet.hostPath(h.name(), "/srv/runs"));
        }
        CliResult first = muster("run", "all", "--", command);
        assertThat(first.exit()).isEqualTo(1);
        assertThat(first.out()).contains("host07 (1): failed (exit 1)");
        Files.delete(fleet.hostPath("host07", "/srv/fail"));

        CliResult retry = muster("retry");
        assertThat(retry.exit()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("host07 (1): ok").contains("recap: 1 host · 1 ok");
        for (OpenSshHost h : fleet.hosts()) {
            int expected = h.name().equals("host07") ? 2 : 1;
            assertThat(Files.readAllLines(fleet.hostPath(h.name(), "/srv/runs"))).as(h.name()).hasSize(expected);
        }
    }
}
