package dev.muster.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.cli.output.Terminal.Style;
import dev.muster.probe.logs.GrepReport;
import dev.muster.probe.logs.HostMatches;
import dev.muster.probe.logs.Match;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * `muster grep` output: identical matching lines folded under their host set, then the counts per
 * host (folded too) and a recap; or every match on its own line (--lines); or JSON (--json).
 */
public final class GrepPrinter {
    private final Terminal term;

    public GrepPrinter(Terminal term) {
        this.term = term;
    }

    /** Folded: {@code web[01-20] (20): /var/log/app.log: ERROR foo}. */
    public void gathered(List<HostMatches> results, Duration took) {
        PrintWriter out = term.out();
        for (GrepReport.LineGroup g : GrepReport.lines(results)) {
            String where = g.file();
            if (g.hosts().size() == 1 && g.occurrences() == 1) {
                where += ":" + lineNumber(results, g);
            }
            out.println(term.paint(Style.CYAN, g.hosts().fold() + " (" + g.hosts().size() + ")") + ": "
                    + term.paint(Style.DIM, where + ":") + " " + g.text());
        }
        counts(results, took);
    }

    /** Unfolded, grep-style: {@code web03 | /var/log/app.log:17: ERROR foo}. */
    public void lines(List<HostMatches> results, Duration took) {
        int width = results.stream().mapToInt(h -> h.host().length()).max().orElse(4);
        PrintWriter out = term.out();
        for (HostMatches h : results) {
            for (Match m : h.matches()) {
                out.println(term.paint(LogPrinter.colourOf(h.host()), String.format("%-" + width + "s", h.host()))
                        + " | " + term.paint(Style.DIM, m.file() + ":" + m.line() + ":") + " " + m.text());
            }
        }
        counts(results, took);
    }

    private void counts(List<HostMatches> results, Duration took) {
        PrintWriter out = term.out();
        List<GrepReport.CountGroup> counts = GrepReport.counts(results);
        if (!GrepReport.lines(results).isEmpty()) {
            out.println("--");
        }
        int matched = 0;
        int none = 0;
        int failed = 0;
        for (GrepReport.CountGroup c : counts) {
            String hosts = c.hosts().fold() + " (" + c.hosts().size() + ")";
            String text = switch (c.state()) {
                case MATCHED -> plural(c.matches(), "match") + " in " + c.filesMatched() + " of "
                        + plural(c.filesSearched(), "file");
                case NO_MATCH -> "no match in " + plural(c.filesSearched(), "file");
                case FAILED, UNREACHABLE -> c.state().key() + problems(c);
            };
            Style style = switch (c.state()) {
                case MATCHED -> Style.GREEN;
                case NO_MATCH -> Style.DIM;
                case FAILED, UNREACHABLE -> Style.RED;
            };
            out.println(term.paint(style, hosts) + ": " + text);
            switch (c.state()) {
                case MATCHED -> matched += c.hosts().size();
                case NO_MATCH -> none += c.hosts().size();
                default -> failed += c.hosts().size();
            }
        }
        out.println(term.paint(Style.BOLD, String.format(Locale.ROOT,
                "grep: %d hosts · %d matched · %d no match · %d failed · %.2fs", results.size(), matched, none,
                failed, took.toMillis() / 1000.0)));
        out.flush();
    }

    private static String problems(GrepReport.CountGroup c) {
        StringBuilder s = new StringBuilder();
        if (!c.message().isEmpty()) {
            s.append(" (").append(c.message()).append(')');
        }
        for (String e : c.errors()) {
            s.append("\n    ").append(e);
        }
        return s.toString();
    }

    private static long lineNumber(List<HostMatches> results, GrepReport.LineGroup g) {
        String host = g.hosts().names().getFirst();
        return results.stream().filter(h -> h.host().equals(host)).flatMap(h -> h.matches().stream())
                .filter(m -> m.file().equals(g.file()) && m.text().equals(g.text())).findFirst()
                .map(Match::line).orElse(0L);
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : word.endsWith("h") ? "es" : "s");
    }

    /** One object per host, then {"summary": ...}. */
    public void json(List<HostMatches> results, Duration took, int exit) {
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = term.out();
        int[] states = new int[HostMatches.State.values().length];
        for (HostMatches h : results) {
            states[h.state().ordinal()]++;
            ObjectNode n = json.createObjectNode();
            n.put("host", h.host());
            n.put("status", h.state().key());
            n.put("files_searched", h.filesSearched());
            n.put("match_count", h.matches().size());
            ArrayNode matches = n.putArray("matches");
            for (Match m : h.matches()) {
                matches.addObject().put("file", m.file()).put("line", m.line()).put("text", m.text());
            }
            ArrayNode errors = n.putArray("errors");
            h.errors().forEach(errors::add);
            n.put("message", h.message());
            print(json, out, n);
        }
        ObjectNode s = json.createObjectNode();
        ObjectNode summary = s.putObject("summary");
        summary.put("hosts", results.size());
        for (HostMatches.State st : HostMatches.State.values()) {
            summary.put(st.key().replace('-', '_'), states[st.ordinal()]);
        }
        summary.put("duration_ms", took.toMillis());
        summary.put("exit", exit);
        print(json, out, s);
        out.flush();
    }

    private static void print(ObjectMapper json, PrintWriter out, ObjectNode n) {
        try {
            out.println(json.writeValueAsString(n));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
