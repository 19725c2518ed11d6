package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testkit.OpenSshAssumptions;
import dev.muster.testkit.OpenSshFleet;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `muster inspect` three times on 4 real OpenSSH hosts with private /srv: a log with errors on
 * one host, new errors on another, the report stored in SQLite between runs. Skipped (with the
 * reason) without root or sshd, unless MUSTER_REQUIRE_SSHD=1. The hosts' sshd runs with a private
 * /run, so systemd is absent there and the service check warns.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class InspectRealSshdTest {
    private static final String LOG = "/srv/log/app.log";
    private static OpenSshFleet fleet;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startFleet() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(4).baseAddress("127.0.95.1").perHostDirs(true).start();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void reportsFoldHostsStoreTheReportAndTellWhatChanged() throws Exception {
        for (int i = 1; i <= 4; i++) {
            append(String.format("host%02d", i), i == 2 ? "ok\nERROR <script>x</script>\nERROR b\nERROR c\n" : "ok\n");
        }
        Path inspection = tmp.resolve("nightly.yaml");
        Files.writeString(inspection, """
                name: nightly
                targets: all
                checks:
                  - {log: /srv/log/app.log, pattern: ERROR, warn: 1, fail: 3}
                  - {metric: disk_used_percent, mount: /, fail: 100.5}
                  - service: muster-test-unit
                """);
        FleetCli cli = new FleetCli(fleet, tmp.resolve("store"));
        List<String> alerts = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        String hook = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        try {
            inspectThreeTimes(cli, inspection, hook, alerts);
        } finally {
            server.stop(0);
        }
    }

    private void inspectThreeTimes(FleetCli cli, Path inspection, String hook, List<String> alerts)
            throws Exception {
        Path html = tmp.resolve("out/report.html");

        CliResult first = cli.muster("inspect", inspection.toString(), "--html", html.toString(), "--webhook", hook);
        assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(1);
        String warn = "  warn  service muster-test-unit: systemd is not running on this host: cannot tell whether "
                + "muster-test-unit is active";
        assertThat(first.outLines().subList(1, first.outLines().size())).containsExactly(
                "host[01,03-04] (3): warn",
                warn,
                "host02 (1): fail",
                "  fail  log /srv/log/app.log = 3: 3 new lines match ERROR",
                warn,
                "first report of nightly: every failure is new");
        assertThat(first.outLines().getFirst()).startsWith("inspect nightly: 4 hosts · 0 passing · 3 warning · "
                + "1 failing · report ");
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a)
                .contains("\"report_url\":\"" + html.toUri() + "\"", "\"host\":\"host02\"")
                .contains("\"check\":\"log /srv/log/app.log\""));
        assertThat(Files.readString(html)).contains("<td rowspan=\"3\" class=\"fail\"><b>host02</b>")
                .doesNotContain("<script>");

        append("host02", "ERROR d\n");
        append("host04", "ERROR e\nERROR f\nERROR g\n");
        CliResult second = cli.muster("inspect", inspection.toString(), "--webhook", hook);
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.out()).contains("host02 (1): warn\n  warn  log /srv/log/app.log = 1: 1 new line matches ERROR")
                .contains("changes since ")
                .contains("1 new failing, 1 recovered, 0 still failing")
                .containsPattern("new failing  +host04  log /srv/log/app.log: 3 new lines match ERROR")
                .containsPattern("recovered +host02  log /srv/log/app.log: 1 new line matches ERROR");

        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1)).contains("\"host\":\"host04\"").doesNotContain("\"host\":\"host02\"");

        CliResult third = cli.muster("inspect", inspection.toString(), "--json", "--webhook", hook);
        assertThat(alerts).as("nothing new: no alert").hasSize(2);
        assertThat(third.exit()).as("only warnings now").isZero();
        JsonNode json = new ObjectMapper().readTree(third.out());
        assertThat(json.path("schema").asText()).isEqualTo("muster.report/1");
        assertThat(json.path("summary").path("hosts_by_status").path("warn").asInt()).isEqualTo(4);
        assertThat(json.path("changes").path("recovered").get(0).path("host").asText()).isEqualTo("host04");
    }

    private static void append(String host, String text) throws Exception {
        Path p = fleet.hostPath(host, LOG);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
