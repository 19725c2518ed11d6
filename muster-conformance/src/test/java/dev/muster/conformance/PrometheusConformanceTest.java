package dev.muster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Main;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.Fault;
import dev.muster.testkit.ReferenceTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code muster metrics --prometheus} and the {@code /metrics} of {@code muster serve}, both over
 * one in-process fleet whose hosts read this machine's /proc (one refuses connections), pass
 * {@code promtool check metrics} in every state: the server fresh, after a run, with samples and
 * with a host down; and the two export the same host series under the same names and labels.
 */
@Timeout(300)
class PrometheusConformanceTest {
    private static final Pattern URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern SERIES = Pattern.compile("^(\\w+)\\{([^}]*)}", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"");
    /** The host series both must have for an answering host (the issue named the server's missing ones). */
    private static final List<String> HOST_SERIES = List.of("muster_host_up", "muster_cpus", "muster_cpu_busy_ratio",
            "muster_load1", "muster_load5", "muster_load15", "muster_memory_used_ratio", "muster_swap_used_ratio",
            "muster_disk_used_ratio", "muster_uptime_seconds", "muster_network_receive_bytes_total",
            "muster_network_transmit_bytes_total", "muster_disk_read_bytes_total", "muster_disk_written_bytes_total",
            "muster_disk_reads_completed_total", "muster_disk_writes_completed_total")
            .stream().map(name -> name + "[host, group, env]").toList();
    private static final String FILESYSTEM_SERIES = "muster_filesystem_used_ratio[host, group, env, mount]";

    @TempDir
    Path dir;

    @Test
    void bothExpositionsPassPromtoolInEveryStateAndShareTheirHostSeries() throws Exception {
        ReferenceTool promtool = ReferenceTool.require("promtool", "prometheus");
        try (FakeFleet fleet = FakeFleet.builder().hosts(3).namePrefix("prom").commandMode(CommandMode.SHELL)
                .baseAddress("127.0.141.1").dir(dir.resolve("fleet")).start()) {
            fleet.host("prom03").setFaults(Fault.REFUSE);
            List<String> ssh = List.of("--inventory", fleet.inventory().toString(), "--known-hosts",
                    fleet.knownHosts().toString(), "--identity", fleet.clientKey().privateKeyFile().toString());

            List<String> cliArgs = new ArrayList<>(List.of("metrics", "all", "--prometheus", "--interval", "300ms",
                    "--retries", "0", "--store", dir.resolve("store").toString()));
            cliArgs.addAll(ssh);
            StringWriter cliOut = new StringWriter();
            int exit = Main.run(cliArgs.toArray(String[]::new), new PrintWriter(cliOut, true),
                    new PrintWriter(new StringWriter(), true));
            assertThat(exit).as("one host refuses: exit 1").isEqualTo(1);
            String cli = cliOut.toString();
            assertThat(cli).contains("muster_host_up{host=\"prom03\"").contains("muster_cpu_busy_ratio{host=\"prom01\"");
            check(promtool, cli, "muster metrics --prometheus");

            List<String> serveArgs = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0", "--data",
                    dir.resolve("data").toString(), "--sample-every", "1s", "--retries", "0"));
            serveArgs.addAll(ssh);
            StringWriter out = new StringWriter();
            Thread serving = Thread.ofPlatform().start(() -> Main.run(serveArgs.toArray(String[]::new),
                    new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
            try {
                String base = awaitUrl(out);
                HttpClient http = HttpClient.newHttpClient();
                check(promtool, get(http, base + "/metrics"), "/metrics of a fresh server");

                String token = out.toString().lines().filter(l -> l.strip().startsWith("mst_")).findFirst()
                        .orElseThrow().strip();
                HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"selector\":\"all\",\"command\":\"echo hi\"}"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
                String id = new ObjectMapper().readTree(run.body()).path("id").asText();

                String metrics = "";
                for (int i = 0; i < 600 && !(metrics.contains("muster_runs_finished_total{")
                        && metrics.contains("muster_cpu_busy_ratio{host=\"prom01\"")); i++) {
                    Thread.sleep(100);
                    metrics = get(http, base + "/metrics");
                }
                assertThat(metrics).as("run %s finished and two sampling rounds were taken", id)
                        .contains("muster_runs_finished_total{").contains("muster_cpu_busy_ratio{host=\"prom01\"")
                        .contains("muster_host_up{host=\"prom03\",group=\"\",env=\"\"} 0")
                        .contains("muster_pool_sessions_opened_total");
                check(promtool, metrics, "/metrics after a run, with samples and a host down");
                assertThat(hostSeries(metrics)).as("the host series of /metrics and of muster metrics --prometheus")
                        .isEqualTo(hostSeries(cli)).containsAll(HOST_SERIES).contains(FILESYSTEM_SERIES);
            } finally {
                serving.interrupt();
                serving.join(20_000);
            }
        }
    }

    /** Each series with a host label, as its name and label names (values differ from one sample to the next). */
    private static Set<String> hostSeries(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = SERIES.matcher(text);
        while (m.find()) {
            if (m.group(2).startsWith("host=")) {
                List<String> labels = new ArrayList<>();
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.add(l.group(1));
                }
                out.add(m.group(1) + labels);
            }
        }
        return out;
    }

    private static void check(ReferenceTool promtool, String text, String what) {
        ReferenceTool.Result r = promtool.run(null, text, "check", "metrics");
        assertThat(r.exit()).as("promtool check metrics on %s:%n%s%s%n--- the text ---%n%s", what, r.out(), r.err(), text)
                .isZero();
    }

    private static String awaitUrl(StringWriter out) throws InterruptedException {
        Matcher m = URL.matcher("");
        for (int i = 0; i < 1500; i++) {
            m = URL.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("muster serve did not start listening: " + out);
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
