package dev.muster.cli.command;

import dev.muster.cli.output.MetricsPrinter;
import dev.muster.cli.output.Terminal;
import dev.muster.cli.output.TopView;
import dev.muster.core.Redactor;
import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.HostMetrics;
import java.io.PrintWriter;
import java.util.List;

/**
 * `muster top` when stdout is not a terminal (or with --json / --plain): like vmstat, one table
 * per refresh separated by a blank line, or one JSON object per host per refresh. The first
 * snapshot only starts the rates, so the first table comes one interval after start.
 */
final class PlainTop {
    private final Terminal term;
    private final Redactor redactor;
    private final MetricsPrinter json;

    PlainTop(Terminal term, Redactor redactor, List<Host> hosts, boolean json) {
        this.term = term;
        this.redactor = redactor;
        this.json = json ? new MetricsPrinter(term, redactor, hosts) : null;
    }

    int run(TopSampler sampler, TopSettings s) throws InterruptedException {
        long next = System.nanoTime();
        sampler.next(s.interval());
        boolean allOk = true;
        for (int shown = 1; s.count() == 0 || shown <= s.count(); shown++) {
            next += s.interval().toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } else {
                next = System.nanoTime(); // a refresh took longer than the interval: do not pile up
            }
            TopSampler.Refresh r = sampler.next(s.interval());
            allOk = r.metrics().stream().allMatch(HostMetrics::ok);
            if (json != null) {
                json.json(TopView.shown(r.metrics(), s.status(r, null, false)), shown);
            } else {
                print(r, s, shown > 1);
            }
        }
        return allOk ? ExitCodes.OK : ExitCodes.HOSTS_FAILED;
    }

    private void print(TopSampler.Refresh r, TopSettings s, boolean blankLineFirst) {
        PrintWriter out = term.out();
        if (blankLineFirst) {
            out.println();
        }
        for (TopView.Line line : TopView.render(r.metrics(), s.status(r, r.pool(), false), 0, 0)) {
            String text = redactor.redact(line.text());
            out.println(switch (line.kind()) {
                case TITLE, HEADER -> term.paint(Terminal.Style.BOLD, text);
                case WARN, DOWN -> term.paint(Terminal.Style.MAGENTA, text);
                case STATUS -> term.paint(Terminal.Style.DIM, text);
                default -> text;
            });
        }
        out.flush();
    }
}
