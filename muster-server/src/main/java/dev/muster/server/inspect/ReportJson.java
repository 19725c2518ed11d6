package dev.muster.server.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.core.RunException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A report as JSON, schema {@value #SCHEMA} (documented in the README, "Inspections and
 * reports"). Field names and order are stable; new fields may be added, none renamed.
 */
public final class ReportJson {
    public static final String SCHEMA = "muster.report/1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {
    }

    public static String write(Report r, boolean pretty) {
        try {
            return pretty ? MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree(r))
                    : MAPPER.writeValueAsString(tree(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode tree(Report r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schema", SCHEMA).put("id", r.id()).put("inspection", r.inspection())
                .put("started_at", r.startedAt().toString()).put("finished_at", r.finishedAt().toString())
                .put("status", r.status().key());
        Summary s = r.summary();
        ObjectNode summary = o.putObject("summary").put("hosts", s.hosts());
        summary.putObject("checks").put("pass", s.passed()).put("warn", s.warned()).put("fail", s.failed());
        summary.putObject("hosts_by_status").put("pass", s.hostsPassing()).put("warn", s.hostsWarning())
                .put("fail", s.hostsFailing());
        ArrayNode hosts = o.putArray("hosts");
        for (HostResult h : r.hosts()) {
            ObjectNode hn = hosts.addObject().put("host", h.host()).put("status", h.status().key());
            ArrayNode checks = hn.putArray("checks");
            for (CheckResult c : h.checks()) {
                checks.addObject().put("check", c.check()).put("status", c.status().key()).put("value", c.value())
                        .put("message", c.message());
            }
        }
        Changes ch = r.changes();
        ObjectNode changes = o.putObject("changes").put("previous_report", ch.previousId());
        changes(changes.putArray("new_failures"), ch.newFailures());
        changes(changes.putArray("recovered"), ch.recovered());
        changes(changes.putArray("still_failing"), ch.stillFailing());
        return o;
    }

    private static void changes(ArrayNode into, List<Change> changes) {
        for (Change c : changes) {
            into.addObject().put("host", c.host()).put("check", c.check())
                    .put("previous", c.previous() == null ? null : c.previous().key()).put("status", c.status().key())
                    .put("message", c.message());
        }
    }

    public static Report read(String json) {
        try {
            JsonNode o = MAPPER.readTree(json);
            List<HostResult> hosts = new ArrayList<>();
            for (JsonNode h : o.path("hosts")) {
                List<CheckResult> checks = new ArrayList<>();
                for (JsonNode c : h.path("checks")) {
                    checks.add(new CheckResult(c.path("check").asText(), CheckStatus.of(c.path("status").asText()),
                            text(c.path("value")), c.path("message").asText("")));
                }
                hosts.add(new HostResult(h.path("host").asText(), checks));
            }
            JsonNode ch = o.path("changes");
            Changes changes = new Changes(text(ch.path("previous_report")), changes(ch.path("new_failures")),
                    changes(ch.path("recovered")), changes(ch.path("still_failing")));
            return new Report(o.path("id").asText(), o.path("inspection").asText(),
                    Instant.parse(o.path("started_at").asText()), Instant.parse(o.path("finished_at").asText()),
                    hosts, Summary.of(hosts), changes);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new RunException("cannot read a stored report: " + e.getMessage(), e);
        }
    }

    private static List<Change> changes(JsonNode array) {
        List<Change> out = new ArrayList<>();
        for (JsonNode c : array) {
            String previous = text(c.path("previous"));
            out.add(new Change(c.path("host").asText(), c.path("check").asText(),
                    previous == null ? null : CheckStatus.of(previous), CheckStatus.of(c.path("status").asText()),
                    c.path("message").asText("")));
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
