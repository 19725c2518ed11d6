package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.store.Database;
import dev.muster.server.testing.ManualClock;
import dev.muster.testkit.CommandMode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metric sampling in the server, one round at a time ({@code sampleOnce}, no waiting for the
 * interval) over SHELL-mode hosts that read this machine's /proc: the hosts API, a host's series
 * and /metrics show the samples; a host not sampled for three intervals turns stale.
 */
@Timeout(120)
class FleetSamplingTest {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock("2026-11-27T10:00:00Z");
    ServerFixture fx;
    String viewer;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), clock,
                c -> c.upkeep(false).sampleEvery(Duration.ofSeconds(60)), HttpClient.newHttpClient(),
                Duration.ofMillis(100), b -> b.commandMode(CommandMode.SHELL));
        viewer = fx.token("watcher", "viewer", "*");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void theHostsApiShowsEachHostsLatestSample() throws Exception {
        assertThat(host("web01").has("status"))
                .as("never sampled").isFalse();
        fx.server.upkeep().sampleOnce();

        JsonNode web = host("web01");
        assertThat(web.path("status").path("state").asText()).isEqualTo("up");
        assertThat(web.path("status").path("memPercent").asDouble()).isBetween(0.0, 100.0);
        assertThat(web.path("status").path("diskPercent").isNumber()).isTrue();
        assertThat(web.path("status").path("sampledAt").asText()).isEqualTo("2026-11-27T10:00:00Z");

        clock.advance(Duration.ofMinutes(4));
        JsonNode later = host("web01");
        assertThat(later.path("status").path("state").asText()).isEqualTo("stale");
    }

    @Test
    void aHostsSeriesAndTheFleetMetricsFollowTheSamples() throws Exception {
        fx.server.upkeep().sampleOnce();
        clock.advance(Duration.ofMinutes(1));
        fx.server.upkeep().sampleOnce();

        JsonNode series = fx.json(fx.call("GET", "/api/v1/hosts/web01/metrics", viewer, null));
        assertThat(series.path("samples")).hasSize(2);
        assertThat(series.path("samples").get(1).path("at").asText()).isEqualTo("2026-11-27T10:01:00Z");
        JsonNode first = fx.json(fx.call("GET", "/api/v1/hosts/web01/metrics?from=2026-11-27T10:00:30Z", viewer, null));
        assertThat(first.path("samples")).hasSize(1);
        assertThat(fx.call("GET", "/api/v1/hosts/web01/metrics?from=yesterday", viewer, null).statusCode())
                .isEqualTo(400);
        assertThat(fx.call("GET", "/api/v1/hosts/nope/metrics", viewer, null).statusCode()).isEqualTo(404);

        String metrics = fx.call("GET", "/metrics", null, null).body();
        assertThat(metrics).contains("host=\"web01\"").contains("host=\"db01\"")
                .contains("muster_filesystem_used_ratio{host=\"web01\"");
    }

    @Test
    void aHostReachedWhoseProbeFailsIsProbeFailedNotDown() throws Exception {
        fx.fleet.hosts().get(1).setFaults(dev.muster.testkit.Fault.REFUSE);
        fx.server.upkeep().sampleOnce();
        assertThat(host("web01").path("status").path("state").asText()).isEqualTo("up");
        assertThat(host("db01").path("status").path("state").asText()).isEqualTo("down");

        // reachable again, but the probe exits 127 there (no tail, say)
        fx.fleet.hosts().get(1).setFaults(dev.muster.testkit.Fault.exit(127));
        clock.advance(Duration.ofMinutes(1));
        fx.server.upkeep().sampleOnce();
        assertThat(host("db01").path("status").path("state").asText()).isEqualTo("probe-failed");
        assertThat(host("web01").path("status").path("state").asText()).isEqualTo("up");
    }

    private JsonNode host(String name) {
        for (JsonNode h : fx.json(fx.call("GET", "/api/v1/hosts", viewer, null)).path("hosts")) {
            if (h.path("name").asText().equals(name)) {
                return h;
            }
        }
        throw new AssertionError("no host " + name);
    }
}
