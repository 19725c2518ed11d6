package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.schedule.Firing;
import dev.muster.server.store.Database;
import dev.muster.server.testing.ManualClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules through the API, fired by ticking the scheduler on a manual clock: no waiting for cron time. */
class ScheduleApiTest {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock("2026-11-27T10:00:30Z");
    ServerFixture fx;
    String admin;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), clock, c -> c);
        admin = fx.token("root", "admin", "*");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aScheduleFiresARealRunWhenItsTimeComes() throws Exception {
        HttpResponse<String> saved = fx.call("POST", "/api/v1/schedules", admin, "{\"name\":\"every-minute\","
                + "\"cron\":\"* * * * *\",\"selector\":\"@web\",\"command\":\"echo scheduled\"}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(fx.server.scheduler().tick()).isEmpty();

        clock.advance(Duration.ofSeconds(35));
        List<Firing> fired = fx.server.scheduler().tick();
        assertThat(fired).singleElement().satisfies(f -> assertThat(f.outcome()).isEqualTo(Firing.Outcome.DISPATCHED));
        String runId = fired.getFirst().runId();
        JsonNode run = fx.awaitEnd(runId, admin);
        assertThat(run.path("schedule").asText()).isEqualTo("every-minute");
        assertThat(run.path("exitCode").asInt()).isZero();
        assertThat(fx.call("GET", "/api/v1/runs/" + runId + "/output?host=web01", admin, null).body())
                .isEqualTo("scheduled\n");
        assertThat(fx.call("GET", "/metrics", null, null).body()).contains("muster_scheduler_lag_seconds 5.0");
    }

    @Test
    void aBadCronIsRefusedWithTheParsersMessage() {
        HttpResponse<String> r = fx.call("POST", "/api/v1/schedules", admin, "{\"name\":\"bad\",\"cron\":\"61 * * * *\","
                + "\"selector\":\"@web\",\"command\":\"true\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fx.json(r).path("message").asText()).contains("bad cron '61 * * * *'");
        assertThat(fx.store.schedules().list()).isEmpty();
    }

    @Test
    void schedulesAreListedAndDeleted() {
        fx.call("POST", "/api/v1/schedules", admin, "{\"name\":\"nightly\",\"cron\":\"@daily\",\"plan\":\"staging.yaml\","
                + "\"zone\":\"Europe/Berlin\",\"overlap\":\"queue\"}");
        JsonNode list = fx.json(fx.call("GET", "/api/v1/schedules", admin, null)).path("schedules");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(list.get(0).path("target").path("plan").asText()).isEqualTo("staging.yaml");
        assertThat(fx.call("DELETE", "/api/v1/schedules/nightly", admin, null).statusCode()).isEqualTo(204);
        assertThat(fx.call("DELETE", "/api/v1/schedules/nightly", admin, null).statusCode()).isEqualTo(404);
        assertThat(fx.store.audit().recent(10)).extracting(e -> e.action() + " " + e.result())
                .contains("schedule.save ok", "schedule.delete ok", "schedule.delete rejected");
    }
}
