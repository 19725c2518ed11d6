package dev.muster.cli.output;

import dev.muster.cli.output.Terminal.Style;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.report.Gatherer;
import dev.muster.core.report.OutputGroup;
import dev.muster.core.report.Recap;
import dev.muster.files.template.TextDiff;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints gathered output (hosts with identical results folded into one block, largest first)
 * and the recap. Used at the end of a run and by `muster show`.
 */
public final class GatheredPrinter {
    /** A folded host set on a header or recap line is cut near this width (the rest is counted). */
    static final int FOLD_WIDTH = 100;
    /** The recap names the most frequent failure kinds, this many; the rest are summed on one line. */
    public static final int TOP_KINDS = 6;

    private final Terminal term;

    public GatheredPrinter(Terminal term) {
        this.term = term;
    }

    public void printGroups(List<Outcome> outcomes) {
        PrintWriter out = term.out();
        for (OutputGroup g : Gatherer.gather(outcomes)) {
            boolean success = g.status() == Status.OK || g.status() == Status.CHANGED;
            if (success && g.messages().size() == 1) {
                // a summary shared by the whole group ("3 updated, 12.1 KiB sent") goes on the header line
                out.println(header(g) + term.paint(Style.DIM, " · " + g.messages().getFirst()));
            } else {
                out.println(header(g));
                for (String m : g.messages()) {
                    out.println("    " + term.paint(Style.DIM, m));
                }
            }
            indent(out, g.stdout(), null);
            if (!g.stderr().isEmpty()) {
                indent(out, g.stderr(), Style.YELLOW);
            }
        }
    }

    /**
     * {@code run --diff}, as ClusterShell's {@code clush --diff}: the largest group is the
     * reference, shown in full; every other group follows as a unified diff of its output against
     * the reference's, headed by both host sets, folded ({@code --- web[01-07] (7)},
     * {@code +++ web08 (1)}). A group whose output equals the reference's shows its status only.
     */
    public void printDiff(List<Outcome> outcomes) {
        PrintWriter out = term.out();
        List<OutputGroup> groups = Gatherer.gather(outcomes);
        if (groups.isEmpty()) {
            return;
        }
        OutputGroup reference = groups.getFirst();
        out.println(header(reference) + term.paint(Style.DIM, " · the reference"));
        indent(out, reference.stdout(), null);
        indent(out, reference.stderr(), Style.YELLOW);
        for (OutputGroup g : groups.subList(1, groups.size())) {
            out.println(header(g));
            String diff = TextDiff.unified(reference.stdout(), g.stdout(), label(reference), label(g),
                    TextDiff.DEFAULT_CONTEXT) + TextDiff.unified(reference.stderr(), g.stderr(),
                    label(reference) + " stderr", label(g) + " stderr", TextDiff.DEFAULT_CONTEXT);
            if (diff.isEmpty()) {
                out.println("    " + term.paint(Style.DIM, "(the reference's output)"));
            }
            for (String line : diff.lines().toList()) {
                Style style = line.startsWith("+++") || line.startsWith("---") ? Style.BOLD
                        : line.startsWith("@@") ? Style.CYAN : line.startsWith("+") ? Style.GREEN
                        : line.startsWith("-") ? Style.RED : null;
                out.println(style == null ? "    " + line : term.paint(style, "    " + line));
            }
        }
    }

    private static String label(OutputGroup g) {
        return g.hosts().fold() + " (" + g.hosts().size() + ")";
    }

    private String header(OutputGroup g) {
        HostSet hosts = g.hosts();
        String names = term.paint(Style.BOLD, hosts.foldWithin(FOLD_WIDTH)) + " (" + hosts.size() + ")";
        return names + ": " + statusWord(g);
    }

    private String statusWord(OutputGroup g) {
        return switch (g.status()) {
            case OK -> term.paint(Style.GREEN, "ok");
            case CHANGED -> term.paint(Style.YELLOW, "changed");
            case SKIPPED -> term.paint(Style.DIM, "skipped" + kindSuffix(g.kind()));
            case UNREACHABLE -> term.paint(Style.MAGENTA, "unreachable" + kindSuffix(g.kind()));
            case FAILED -> term.paint(Style.RED, "failed" + failureDetail(g));
        };
    }

    private static String failureDetail(OutputGroup g) {
        if (g.kind() == FailureKind.COMMAND_FAILED && g.exitCode() != null) {
            return " (exit " + g.exitCode() + ")";
        }
        if (g.kind() == FailureKind.KILLED_BY_SIGNAL) {
            return " (killed by signal " + g.signal() + ")";
        }
        return kindSuffix(g.kind());
    }

    private static String kindSuffix(FailureKind kind) {
        return kind == null ? "" : " (" + kind.description() + ")";
    }

    private void indent(PrintWriter out, String text, Style style) {
        if (text.isEmpty()) {
            return;
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String line : body.split("\n", -1)) {
            String shown = "    " + line;
            out.println(style == null ? shown : term.paint(style, shown));
        }
    }

    /** -v: every host with its status, attempts and time, slowest first. */
    public void printTimings(List<Outcome> outcomes) {
        PrintWriter out = term.out();
        int width = outcomes.stream().mapToInt(o -> o.host().length()).max().orElse(4);
        out.println(term.paint(Style.BOLD, "per host") + " (slowest first):");
        outcomes.stream().sorted(java.util.Comparator.comparingLong(Outcome::durationMs).reversed())
                .forEach(o -> out.println(String.format(Locale.ROOT, "  %-" + width + "s  %-11s  %d attempt%s  %s",
                        o.host(), o.status().key(), o.attempts(), o.attempts() == 1 ? " " : "s",
                        seconds(Duration.ofMillis(o.durationMs())))));
    }

    public void printRecap(List<Outcome> outcomes, Duration elapsed, String runId) {
        PrintWriter out = term.out();
        Recap recap = Recap.of(outcomes);
        StringBuilder line = new StringBuilder();
        line.append(term.paint(Style.BOLD, "recap")).append(": ").append(recap.total()).append(recap.total() == 1 ? " host" : " hosts");
        append(line, recap, Status.OK, Style.GREEN);
        append(line, recap, Status.CHANGED, Style.YELLOW);
        append(line, recap, Status.FAILED, Style.RED);
        append(line, recap, Status.UNREACHABLE, Style.MAGENTA);
        append(line, recap, Status.SKIPPED, Style.DIM);
        if (elapsed != null) {
            line.append(" · ").append(seconds(elapsed));
        }
        if (runId != null) {
            line.append(" · run ").append(runId);
        }
        out.println(line);
        // most hosts first, so at 10,000 hosts the line that matters is on top; each set cut to a line
        List<Map.Entry<FailureKind, HostSet>> kinds = recap.byKind().entrySet().stream()
                .sorted(java.util.Comparator.comparingInt((Map.Entry<FailureKind, HostSet> e) -> -e.getValue().size()))
                .toList();
        for (Map.Entry<FailureKind, HostSet> e : kinds.subList(0, Math.min(TOP_KINDS, kinds.size()))) {
            out.println("  " + String.format(Locale.ROOT, "%-28s", e.getKey().description()) + " "
                    + e.getValue().foldWithin(FOLD_WIDTH) + " (" + e.getValue().size() + ")");
        }
        if (kinds.size() > TOP_KINDS) {
            int hosts = kinds.subList(TOP_KINDS, kinds.size()).stream().mapToInt(e -> e.getValue().size()).sum();
            out.println("  " + String.format(Locale.ROOT, "%-28s", (kinds.size() - TOP_KINDS) + (kinds.size() - TOP_KINDS == 1 ? " other kind" : " other kinds")) + " "
                    + hosts + (hosts == 1 ? " host" : " hosts") + (runId == null ? "" : " (muster show " + runId + ")"));
        }
        out.flush();
    }

    private void append(StringBuilder line, Recap recap, Status status, Style style) {
        int n = recap.count(status);
        String text = n + " " + status.key();
        line.append(" · ").append(n > 0 ? term.paint(style, text) : text);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
    }
}
