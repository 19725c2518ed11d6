package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.store.Database;
import dev.muster.server.store.Grants;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token's role is its own, capped by what its creator may grant; issuing one never changes
 * anybody's grants; an admin of one environment cannot take over another environment's schedule.
 */
class TokenRolesTest {
    private static final String RUN_ON_WEB = "{\"selector\":\"@web\",\"command\":\"true\"}";

    @TempDir
    static Path dir;
    static ServerFixture fx;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null, c -> c.claimRuns(false));
        fx.store.grants().grant("admin", "*", "admin");
        admin = fx.token("admin", "admin", "*");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static String issue(String caller, String body) {
        HttpResponse<String> r = fx.call("POST", "/api/v1/tokens", caller, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return fx.json(r).path("token").asText();
    }

    @Test
    void aViewerTokenOwnedByAnAdminActsAsAViewer() {
        String viewer = issue(admin, "{\"name\":\"ro\",\"role\":\"viewer\",\"owner\":\"admin\"}");
        assertThat(fx.call("GET", "/api/v1/runs", viewer, null).statusCode()).isEqualTo(200);
        assertThat(fx.call("POST", "/api/v1/runs", viewer, RUN_ON_WEB).statusCode()).isEqualTo(403);
        assertThat(fx.call("POST", "/api/v1/tokens", viewer, "{\"name\":\"escalate\",\"role\":\"admin\"}")
                .statusCode()).isEqualTo(403);
        assertThat(fx.store.grants().of("admin")).containsExactly(new Grants.Grant("admin", "*", "admin"));
    }

    @Test
    void issuingATokenNeverChangesTheOwnersGrantsOrOtherTokens() {
        fx.store.grants().grant("ops", "*", "operator");
        String first = issue(admin, "{\"name\":\"ops-ci\",\"owner\":\"ops\",\"role\":\"operator\"}");
        issue(admin, "{\"name\":\"ops-ro\",\"owner\":\"ops\",\"role\":\"viewer\",\"environment\":\"staging\"}");
        assertThat(fx.call("POST", "/api/v1/runs", first, RUN_ON_WEB).statusCode()).isEqualTo(202);
        assertThat(fx.store.grants().of("ops")).containsExactly(new Grants.Grant("ops", "*", "operator"));
    }

    @Test
    void anEnvironmentAdminIssuesTokensOnlyWithinItsEnvironments() {
        String stagingAdmin = fx.token("stage-admin", "admin", "staging");
        String staging = issue(stagingAdmin, "{\"name\":\"stage-ci\",\"role\":\"operator\",\"environments\":[\"staging\"]}");
        assertThat(fx.call("POST", "/api/v1/runs", staging, RUN_ON_WEB).statusCode()).isEqualTo(202);
        assertThat(fx.call("POST", "/api/v1/runs", staging, "{\"selector\":\"@db\",\"command\":\"true\",\"confirm\":true}")
                .statusCode()).isEqualTo(403);
        for (String body : new String[] {"{\"name\":\"p\",\"role\":\"viewer\",\"environment\":\"prod\"}",
                "{\"name\":\"all\",\"role\":\"viewer\"}",
                "{\"name\":\"both\",\"role\":\"viewer\",\"environments\":[\"staging\",\"prod\"]}"}) {
            assertThat(fx.call("POST", "/api/v1/tokens", stagingAdmin, body).statusCode()).as(body).isEqualTo(403);
        }
        // it sees and revokes only tokens within its environments
        JsonNode listed = fx.json(fx.call("GET", "/api/v1/tokens", stagingAdmin, null)).path("tokens");
        assertThat(listed.findValuesAsText("name")).contains("stage-ci").doesNotContain("bootstrap", "admin-token");
        String everywhere = fx.json(fx.call("POST", "/api/v1/tokens", admin, "{\"name\":\"wide\",\"role\":\"viewer\"}"))
                .path("id").asText();
        assertThat(fx.call("DELETE", "/api/v1/tokens/" + everywhere, stagingAdmin, null).statusCode()).isEqualTo(403);
        assertThat(fx.call("DELETE", "/api/v1/tokens/" + everywhere, admin, null).statusCode()).isEqualTo(204);
    }

    @Test
    void badTokenRequestsAre400() {
        for (String body : new String[] {"{\"name\":\"x\",\"role\":\"god\"}", "{\"name\":\"x\",\"environments\":[]}",
                "{\"name\":\"x\",\"environments\":\"prod\"}", "{\"name\":\"x\",\"environment\":\"a b\"}",
                "{\"name\":\"x\",\"owner\":7}", "{\"role\":\"viewer\"}"}) {
            assertThat(fx.call("POST", "/api/v1/tokens", admin, body).statusCode()).as(body).isEqualTo(400);
        }
    }

    @Test
    void anEnvironmentAdminCannotReplaceAnotherEnvironmentsSchedule() {
        String prod = "{\"name\":\"nightly-db\",\"cron\":\"0 2 * * *\",\"selector\":\"@db\",\"command\":\"backup\"}";
        assertThat(fx.call("POST", "/api/v1/schedules", admin, prod).statusCode()).isEqualTo(201);
        String stagingAdmin = fx.token("stage-admin-2", "admin", "staging");
        HttpResponse<String> takeover = fx.call("POST", "/api/v1/schedules", stagingAdmin,
                "{\"name\":\"nightly-db\",\"cron\":\"* * * * *\",\"selector\":\"@web\",\"command\":\"true\"}");
        assertThat(takeover.statusCode()).as(takeover.body()).isEqualTo(403);
        assertThat(fx.store.schedules().get("nightly-db").orElseThrow().target())
                .containsEntry("selector", "@db").containsEntry("command", "backup");
        assertThat(fx.store.audit().recent(5)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("schedule.save");
            assertThat(e.result()).isEqualTo("denied");
        });
        // its own environment's schedules it replaces freely
        String mine = "{\"name\":\"web-ping\",\"cron\":\"0 3 * * *\",\"selector\":\"@web\",\"command\":\"true\"}";
        assertThat(fx.call("POST", "/api/v1/schedules", stagingAdmin, mine).statusCode()).isEqualTo(201);
        assertThat(fx.call("POST", "/api/v1/schedules", stagingAdmin, mine).statusCode()).isEqualTo(200);
    }
}
