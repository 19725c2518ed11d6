package dev.muster.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.probe.logs.HostLog;
import dev.muster.probe.logs.LogLine;
import dev.muster.probe.logs.LogListener;
import dev.muster.probe.logs.LogTailResult;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * `muster logs --json`: one object per line ({@code host, file, text}) or notice
 * ({@code host, notice} / {@code host, problem}) as they arrive, then {@code {"summary": ...}}.
 */
public final class LogJsonPrinter implements LogListener {
    private final ObjectMapper json = new ObjectMapper();
    private final PrintWriter out;

    public LogJsonPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void line(LogLine line) {
        print(json.createObjectNode().put("host", line.host()).put("file", line.file()).put("text", line.text()));
    }

    @Override
    public void notice(String host, String text) {
        print(json.createObjectNode().put("host", host).put("notice", text));
    }

    @Override
    public void problem(String host, String text) {
        print(json.createObjectNode().put("host", host).put("problem", text));
    }

    public void summary(LogTailResult r) {
        ObjectNode wrapper = json.createObjectNode();
        ObjectNode s = wrapper.putObject("summary");
        s.put("hosts", r.hosts().size());
        s.put("ok", r.hosts().stream().filter(HostLog::ok).count());
        s.put("failed", r.failed());
        s.put("lines", r.lines());
        s.put("stopped_at_limit", r.stoppedAtLimit());
        s.put("interrupted", r.interrupted());
        s.put("duration_ms", r.duration().toMillis());
        s.put("exit", r.exitCode());
        var failures = s.putArray("failures");
        r.hosts().stream().filter(h -> !h.ok()).forEach(h -> failures.addObject().put("host", h.host())
                .put("status", h.status().key()).put("message", h.message()));
        print(wrapper);
    }

    private void print(ObjectNode n) {
        try {
            String text = json.writeValueAsString(n);
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
