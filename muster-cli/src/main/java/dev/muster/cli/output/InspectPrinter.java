package dev.muster.cli.output;

import dev.muster.core.inventory.HostSet;
import dev.muster.server.inspect.Change;
import dev.muster.server.inspect.CheckResult;
import dev.muster.server.inspect.CheckStatus;
import dev.muster.server.inspect.HostResult;
import dev.muster.server.inspect.Report;
import dev.muster.server.inspect.Summary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report on the terminal: hosts with identical results folded into one block
 * ({@code web[01-18] (18): pass}), passing checks not listed, then the changes since the previous
 * report.
 */
public final class InspectPrinter {
    private final Terminal term;

    public InspectPrinter(Terminal term) {
        this.term = term;
    }

    public void print(Report r, Path html) {
        PrintWriter out = term.out();
        Summary s = r.summary();
        out.println(term.paint(Terminal.Style.BOLD, "inspect " + r.inspection()) + ": " + s.hosts() + " hosts · "
                + s.hostsPassing() + " passing · " + s.hostsWarning() + " warning · " + s.hostsFailing()
                + " failing · report " + r.id() + (html == null ? "" : " · " + html));
        for (var group : fold(r.hosts()).entrySet()) {
            HostSet hosts = HostSet.of(group.getValue());
            List<CheckResult> shown = group.getKey();
            CheckStatus worst = shown.stream().map(CheckResult::status).reduce(CheckStatus.PASS, CheckStatus::worse);
            out.println(hosts.fold() + " (" + hosts.size() + "): " + paint(worst));
            for (CheckResult c : shown) {
                out.println("  " + paint(c.status()) + "  " + c.check() + (c.value() == null ? "" : " = " + c.value())
                        + (c.message().isEmpty() ? "" : ": " + c.message()));
            }
        }
        changes(out, r);
    }

    /** Hosts by what is worth showing: their non-passing checks, with values. */
    private static Map<List<CheckResult>, List<String>> fold(List<HostResult> hosts) {
        Map<List<CheckResult>, List<String>> groups = new LinkedHashMap<>();
        for (HostResult h : hosts) {
            List<CheckResult> shown = h.checks().stream().filter(c -> c.status() != CheckStatus.PASS).toList();
            groups.computeIfAbsent(shown, k -> new ArrayList<>()).add(h.host());
        }
        return groups;
    }

    private void changes(PrintWriter out, Report r) {
        var c = r.changes();
        if (c.previousId() == null) {
            out.println("first report of " + r.inspection() + ": every failure is new");
            return;
        }
        out.println("changes since " + c.previousId() + ": " + c.newFailures().size() + " new failing, "
                + c.recovered().size() + " recovered, " + c.stillFailing().size() + " still failing");
        list(out, "new failing  ", Terminal.Style.RED, c.newFailures());
        list(out, "recovered    ", Terminal.Style.GREEN, c.recovered());
        list(out, "still failing", Terminal.Style.YELLOW, c.stillFailing());
    }

    private void list(PrintWriter out, String label, Terminal.Style style, List<Change> changes) {
        Map<String, List<String>> byCheck = new LinkedHashMap<>();
        for (Change ch : changes) {
            byCheck.computeIfAbsent(ch.check() + (ch.message().isEmpty() ? "" : ": " + ch.message()),
                    k -> new ArrayList<>()).add(ch.host());
        }
        byCheck.forEach((what, hosts) -> out.println("  " + term.paint(style, label) + "  "
                + HostSet.of(hosts).fold() + "  " + what));
    }

    private String paint(CheckStatus s) {
        Terminal.Style style = switch (s) {
            case PASS -> Terminal.Style.GREEN;
            case WARN -> Terminal.Style.YELLOW;
            case FAIL -> Terminal.Style.RED;
        };
        return term.paint(style, s.key());
    }
}
