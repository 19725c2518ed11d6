package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.testing.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One smoke test of the API on a PostgreSQL store: a run executes, its outcomes read back, /metrics shows the pool. */
class PostgresApiTest {
    @TempDir
    Path dir;

    @Test
    void aRunOnAPostgresStore() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, PostgresServer.shared().freshDatabase(), null, c -> c)) {
            String token = fx.token("root", "admin", "*");
            HttpResponse<String> r = fx.call("POST", "/api/v1/runs", token,
                    "{\"selector\":\"@web\",\"command\":\"echo pg\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            String id = fx.json(r).path("id").asText();
            assertThat(fx.awaitEnd(id, token).path("exitCode").asInt()).isZero();
            assertThat(fx.call("GET", "/api/v1/runs/" + id + "/output?host=web01", token, null).body()).isEqualTo("pg\n");
            assertThat(fx.json(fx.call("GET", "/api/v1/runs?limit=1&before=" + id, token, null)).path("runs")).isEmpty();
            String metrics = fx.call("GET", "/metrics", null, null).body();
            assertThat(metrics).contains("hikaricp_connections_active{pool=\"muster-store\"}")
                    .contains("hikaricp_connections_idle{pool=\"muster-store\"}")
                    .contains("hikaricp_connections_pending{pool=\"muster-store\"}")
                    .contains("hikaricp_connections_max{pool=\"muster-store\"} 10.0")
                    .contains("hikaricp_connections_timeout_total{pool=\"muster-store\"} 0.0")
                    .contains("hikaricp_connections_acquire_seconds_count{pool=\"muster-store\"}")
                    .contains("muster_store_up 1.0");
            fx.store.runs().requestApproval(id, "k", "m");
            assertThat(fx.store.runs().approve(id, "root")).isTrue();
            assertThat(fx.store.runs().approved(id, "k")).isTrue();
        }
    }
}
