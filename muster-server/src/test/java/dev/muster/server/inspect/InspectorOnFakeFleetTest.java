package dev.muster.server.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.server.store.Database;
import dev.muster.server.store.Store;
import dev.muster.server.testing.ManualClock;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspections over SSH against in-process hosts that run real sh commands in their own
 * directories (FakeFleet in SHELL mode): log cursors across runs and rotation, changes since.
 */
@Timeout(120)
class InspectorOnFakeFleetTest {
    private static final String INSPECTION = """
            name: nightly
            targets: all
            checks:
              - {log: app.log, pattern: "ERROR|FATAL", warn: 1, fail: 3}
              - health: {cmd: "test -f ready"}
              - {metric: disk_used_percent, mount: /, fail: 100.5}
              - {metric: memory_used_percent, fail: 100.5}
              - service: muster-test-nginx
            """;

    @TempDir
    Path tmp;
    private FakeFleet fleet;
    private SshTransport ssh;
    private Inspector inspector;
    private Inventory inventory;
    private final ManualClock clock = new ManualClock("2026-11-27T10:00:00Z");

    @BeforeEach
    void start() throws Exception {
        fleet = FakeFleet.builder().hosts(3).namePrefix("app").commandMode(CommandMode.SHELL)
                .baseAddress("127.0.93.1").dir(tmp.resolve("fleet")).start();
        ssh = new SshTransport(SshTransportConfig.defaults().toBuilder().knownHostsFile(fleet.knownHosts())
                .identityFiles(List.of(fleet.clientKey().privateKeyFile())).useAgent(false).build());
        inventory = new InventoryLoader().load(List.of(fleet.inventory()));
        Store store = Store.open(Database.sqlite(tmp.resolve("data")), clock);
        inspector = new Inspector(ssh, new ReportStore(store, clock), clock, ExecutorOptions.defaults());
        for (String h : List.of("app01", "app02", "app03")) {
            Files.writeString(dir(h).resolve("ready"), "");
        }
    }

    @AfterEach
    void stop() {
        ssh.close();
        fleet.close();
    }

    private Path dir(String host) {
        return fleet.host(host).dir();
    }

    private void append(String host, String file, String text) throws Exception {
        Files.writeString(dir(host).resolve(file), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Report inspect() throws Exception {
        clock.advance(Duration.ofMinutes(1));
        return inspector.inspect(InspectionReader.read("nightly.yaml", INSPECTION, tmp), inventory, null);
    }

    private static CheckResult result(Report r, String host, String check) {
        return r.hosts().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow().checks().stream()
                .filter(c -> c.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void logScansCountOnlyLinesWrittenSinceThePreviousInspectionAlsoAcrossRotation() throws Exception {
        append("app01", "app.log", "ERROR one\nok\nFATAL two\n");
        assertThat(result(inspect(), "app01", "log app.log")).isEqualTo(new CheckResult("log app.log",
                CheckStatus.WARN, "2", "2 new lines match ERROR|FATAL"));

        append("app01", "app.log", "ok\nERROR three\n");
        assertThat(result(inspect(), "app01", "log app.log").value()).isEqualTo("1");
        assertThat(result(inspect(), "app01", "log app.log")).isEqualTo(new CheckResult("log app.log",
                CheckStatus.PASS, "0", "no new lines match"));

        // logrotate: a line lands in the old file, which moves to app.log.1; the new file gets three
        append("app01", "app.log", "ERROR four, before rotation\n");
        Files.move(dir("app01").resolve("app.log"), dir("app01").resolve("app.log.1"));
        append("app01", "app.log", "ERROR five\nERROR six\nFATAL seven\n");
        CheckResult rotated = result(inspect(), "app01", "log app.log");
        assertThat(rotated.value()).isEqualTo("4");
        assertThat(rotated.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(rotated.message()).endsWith("(the log was rotated)");

        // copytruncate: the same file, shorter than the cursor
        Files.writeString(dir("app01").resolve("app.log"), "ERROR eight\n");
        CheckResult truncated = result(inspect(), "app01", "log app.log");
        assertThat(truncated.value()).isEqualTo("1");
        assertThat(truncated.message()).endsWith("(the log was truncated)");

        assertThat(result(inspect(), "app02", "log app.log")).isEqualTo(new CheckResult("log app.log",
                CheckStatus.WARN, null, "cannot read app.log on this host"));
    }

    @Test
    void theOnHostChecksOfOneHostCostOneExecAndEachHealthCheckOneMore() throws Exception {
        long before = fleet.host("app01").counters().commandsRun();
        inspect();
        // log, disk, memory and service in one script; the command health check is its own exec
        assertThat(fleet.host("app01").counters().commandsRun() - before).isEqualTo(2);
    }

    @Test
    void changesSinceThePreviousReportNameNewFailuresRecoveriesAndStillFailing() throws Exception {
        Files.delete(dir("app02").resolve("ready"));
        fleet.host("app03").setFaults(Fault.REFUSE);
        Report first = inspect();
        assertThat(first.changes().previousId()).isNull();
        assertThat(first.changes().newFailures()).extracting(c -> c.host() + " " + c.check())
                .containsExactly("app02 health cmd test -f ready", "app03 reachable");
        assertThat(result(first, "app02", "health cmd test -f ready").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(first.hosts().get(2).checks()).singleElement().satisfies(c -> {
            assertThat(c.check()).isEqualTo(Inspector.REACHABLE);
            assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
        });
        assertThat(first.summary().hostsFailing()).isEqualTo(2);
        assertThat(result(first, "app01", "disk_used_percent /").status()).isEqualTo(CheckStatus.PASS);
        assertThat(result(first, "app01", "memory_used_percent").status()).isEqualTo(CheckStatus.PASS);
        CheckResult service = result(first, "app01", "service muster-test-nginx");
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            assertThat(service.status()).isEqualTo(CheckStatus.WARN);
            assertThat(service.message()).startsWith("systemd is not running on this host");
        } else {
            assertThat(service.status()).isEqualTo(CheckStatus.FAIL);
        }

        Files.writeString(dir("app02").resolve("ready"), "");
        append("app01", "app.log", "ERROR\nERROR\nERROR\n");
        Report second = inspect();

        assertThat(second.changes().previousId()).isEqualTo(first.id());
        assertThat(second.changes().newFailures()).extracting(c -> c.host() + " " + c.check())
                .containsExactly("app01 log app.log");
        assertThat(second.changes().recovered()).extracting(c -> c.host() + " " + c.check())
                .containsExactly("app02 health cmd test -f ready");
        assertThat(second.changes().stillFailing()).extracting(c -> c.host() + " " + c.check())
                .containsExactly("app03 reachable");
        assertThat(second.status()).isEqualTo(CheckStatus.FAIL);
    }
}
