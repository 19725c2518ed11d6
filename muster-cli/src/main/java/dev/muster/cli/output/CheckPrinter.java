package dev.muster.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.cli.output.Terminal.Style;
import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.HostSet;
import dev.muster.probe.check.CheckReport;
import dev.muster.probe.check.Verdict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * `muster check` output: hosts with the same verdict and reason folded into one line
 * ({@code web[01-38] (38): passing 12ms p50}), largest group first, then a count line; or with
 * --json one object per host.
 */
public final class CheckPrinter {
    private final Terminal term;
    private final Redactor redactor;
    private final ObjectMapper json = new ObjectMapper();

    public CheckPrinter(Terminal term, Redactor redactor) {
        this.term = term;
        this.redactor = redactor;
    }

    public void print(RunResult result, Map<String, CheckReport> reports, boolean asJson) {
        if (asJson) {
            for (Outcome o : result.outcomes()) {
                term.out().println(redactor.redact(jsonLine(o, reports.get(o.host()))));
            }
        } else {
            printGroups(result, reports);
        }
        term.out().flush();
    }

    private record Key(String verdict, String reason) {
    }

    private void printGroups(RunResult result, Map<String, CheckReport> reports) {
        Map<Key, List<Outcome>> groups = new LinkedHashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Outcome o : result.outcomes()) {
            CheckReport r = reports.get(o.host());
            Key key = r != null ? new Key(r.verdict().key(), r.reason())
                    : new Key(o.status().key() + (o.kind() == null ? "" : " (" + o.kind().description() + ")"),
                    o.kind() != null && o.message().equals(o.kind().description()) ? "" : o.message());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
            counts.merge(r != null ? r.verdict().key() : o.status().key(), 1, Integer::sum);
        }
        List<Map.Entry<Key, List<Outcome>>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Comparator.comparingInt((Map.Entry<Key, List<Outcome>> e) -> -e.getValue().size())
                .thenComparing(e -> e.getValue().getFirst().host(), HostSet.NAME_ORDER));
        PrintWriter out = term.out();
        for (var e : sorted) {
            HostSet hosts = HostSet.of(e.getValue().stream().map(Outcome::host).toList());
            out.println(redactor.redact(term.paint(Style.BOLD, hosts.fold()) + " (" + hosts.size() + "): "
                    + describe(e.getKey(), e.getValue(), reports)));
        }
        StringBuilder line = new StringBuilder(term.paint(Style.BOLD, "check")).append(": ")
                .append(result.outcomes().size()).append(" hosts");
        for (String v : List.of("passing", "critical", "flapping", "unreachable")) {
            line.append(" · ").append(counts.getOrDefault(v, 0)).append(' ').append(v);
        }
        counts.forEach((k, n) -> {
            if (!List.of("passing", "critical", "flapping", "unreachable").contains(k)) {
                line.append(" · ").append(n).append(' ').append(k);
            }
        });
        line.append(" · ").append(String.format(Locale.ROOT, "%.2fs", result.duration().toMillis() / 1000.0));
        out.println(line);
    }

    private String describe(Key key, List<Outcome> outcomes, Map<String, CheckReport> reports) {
        if (key.verdict().equals(Verdict.PASSING.key())) {
            List<Double> p50s = outcomes.stream().map(o -> reports.get(o.host()).latencyP50())
                    .filter(java.util.Objects::nonNull).toList();
            Double p50 = CheckReport.percentile(p50s, 50);
            return term.paint(Style.GREEN, "passing") + (p50 == null ? "" : " " + millis(p50) + " p50");
        }
        Style style = key.verdict().equals(Verdict.FLAPPING.key()) ? Style.YELLOW
                : key.verdict().startsWith("unreachable") ? Style.MAGENTA : Style.RED;
        return term.paint(style, key.verdict()) + (key.reason().isEmpty() ? "" : ": " + key.reason());
    }

    static String millis(double ms) {
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.2fs", ms / 1000);
        }
        return ms < 10 ? String.format(Locale.ROOT, "%.1fms", ms) : String.format(Locale.ROOT, "%.0fms", ms);
    }

    private String jsonLine(Outcome o, CheckReport r) {
        ObjectNode n = json.createObjectNode();
        n.put("host", o.host());
        if (r != null) {
            n.put("verdict", r.verdict().key());
            n.put("reason", r.reason());
            n.put("probes", r.probes());
            n.put("passed", r.passed());
            if (r.latencyP50() == null) {
                n.putNull("latency_ms_p50");
            } else {
                n.put("latency_ms_p50", Math.round(r.latencyP50() * 1000) / 1000.0);
            }
            if (r.httpStatus() == null) {
                n.putNull("http_status");
            } else {
                n.put("http_status", r.httpStatus());
            }
        } else {
            n.put("verdict", o.status().key());
            n.put("reason", o.message());
            n.put("kind", o.kind() == null ? null : o.kind().key());
        }
        n.put("duration_ms", o.durationMs());
        try {
            return json.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
