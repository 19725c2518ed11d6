package dev.muster.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.store.OutcomeJson;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** `--json`: one JSON object per host outcome as hosts finish, then one summary object. */
public final class JsonReporter implements RunListener {
    private final ObjectMapper json = new ObjectMapper();
    private final PrintWriter out;
    private final String runId;

    public JsonReporter(PrintWriter out, String runId) {
        this.out = out;
        this.runId = runId;
    }

    @Override
    public synchronized void hostFinished(Outcome outcome) {
        ObjectNode n = OutcomeJson.toJson(outcome);
        n.remove("started_at");
        print(n);
    }

    @Override
    public synchronized void runFinished(RunResult result) {
        print(summary(json, runId, result));
    }

    public static ObjectNode summary(ObjectMapper json, String runId, RunResult result) {
        ObjectNode s = json.createObjectNode();
        s.put("run", runId);
        s.put("hosts", result.outcomes().size());
        result.counts().forEach((status, n) -> s.put(status.key(), n));
        s.put("duration_ms", result.duration().toMillis());
        s.put("cancelled", result.cancelled());
        s.put("exit", result.exitCode());
        ObjectNode wrapper = json.createObjectNode();
        wrapper.set("summary", s);
        return wrapper;
    }

    private void print(ObjectNode n) {
        try {
            out.println(json.writeValueAsString(n));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

}
