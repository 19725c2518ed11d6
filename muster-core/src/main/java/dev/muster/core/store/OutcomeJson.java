package dev.muster.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.time.Instant;

/**
 * The one JSON shape of an outcome, used by `--json` output and the run store alike:
 * {@code host, status, kind, exit, signal, stdout, stderr, message, attempts, duration_ms, started_at}
 * and {@code owed} (only when something is owed).
 */
public final class OutcomeJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OutcomeJson() {
    }

    public static ObjectNode toJson(Outcome o) {
        ObjectNode n = NODES.objectNode();
        n.put("host", o.host());
        n.put("status", o.status().key());
        n.put("kind", o.kind() == null ? null : o.kind().key());
        n.put("exit", o.exitCode()); // null when the command never ran
        n.put("signal", o.signal());
        n.put("stdout", o.stdout());
        n.put("stderr", o.stderr());
        n.put("message", o.message());
        n.put("attempts", o.attempts());
        n.put("duration_ms", o.durationMs());
        n.put("started_at", o.startedAt() == null ? null : o.startedAt().toString());
        if (!o.owed().isEmpty()) {
            var owed = n.putArray("owed");
            o.owed().forEach(owed::add);
        }
        return n;
    }

    public static Outcome fromJson(JsonNode n) {
        String kind = text(n, "kind");
        String started = text(n, "started_at");
        JsonNode exit = n.get("exit");
        Status status = Status.valueOf(n.path("status").asText().toUpperCase(java.util.Locale.ROOT));
        return Outcome.builder(n.path("host").asText(), status)
                .kind(kind == null ? null : FailureKind.fromKey(kind))
                .exitCode(exit == null || exit.isNull() ? null : exit.asInt()).signal(text(n, "signal"))
                .stdout(text(n, "stdout")).stderr(text(n, "stderr")).message(text(n, "message"))
                .attempts(n.path("attempts").asInt()).durationMs(n.path("duration_ms").asLong())
                .startedAt(started == null ? null : Instant.parse(started)).owed(owed(n)).build();
    }

    private static java.util.List<String> owed(JsonNode n) {
        java.util.List<String> owed = new java.util.ArrayList<>();
        n.path("owed").forEach(v -> owed.add(v.asText()));
        return owed;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
