package dev.muster.cli.output;

import dev.muster.cli.output.Terminal.Style;
import dev.muster.probe.logs.HostLog;
import dev.muster.probe.logs.LogLine;
import dev.muster.probe.logs.LogListener;
import dev.muster.probe.logs.LogTailResult;
import dev.muster.core.inventory.HostSet;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `muster logs` output: each line on stdout prefixed by its host (and file, when several are read),
 * the host in a colour of its own on a terminal; notices on stderr; a summary on stderr at the end.
 */
public final class LogPrinter implements LogListener {
    private static final Style[] HOST_COLOURS = {Style.CYAN, Style.GREEN, Style.MAGENTA, Style.BLUE, Style.YELLOW};

    private final Terminal term;
    private final boolean showFile;
    private final int width;

    public LogPrinter(Terminal term, List<String> hosts, List<String> files) {
        this.term = term;
        this.showFile = files.size() > 1;
        int hostWidth = hosts.stream().mapToInt(String::length).max().orElse(4);
        int fileWidth = showFile ? 1 + files.stream().mapToInt(String::length).max().orElse(0) : 0;
        this.width = hostWidth + fileWidth;
    }

    /** The same host gets the same colour in every run: picked from its name. */
    static Style colourOf(String host) {
        return HOST_COLOURS[Math.floorMod(host.hashCode(), HOST_COLOURS.length)];
    }

    @Override
    public void line(LogLine line) {
        String who = showFile ? line.host() + " " + line.file() : line.host();
        String prefix = term.paint(colourOf(line.host()), pad(who));
        PrintWriter out = term.out();
        synchronized (out) {
            out.println(prefix + " | " + line.text());
            out.flush();
        }
    }

    @Override
    public void notice(String host, String text) {
        print(host, term.paint(Style.DIM, text));
    }

    @Override
    public void problem(String host, String text) {
        print(host, term.paint(Style.RED, text));
    }

    private void print(String host, String text) {
        PrintWriter err = term.err();
        synchronized (err) {
            err.println(term.paint(colourOf(host), pad(host)) + " | " + text);
            err.flush();
        }
    }

    private String pad(String s) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** "logs: 20 hosts · 19 ok · 1 failed · 120 lines · 3.2s", then the failed hosts folded by reason. */
    public void summary(LogTailResult r, long maxLines) {
        long ok = r.hosts().stream().filter(HostLog::ok).count();
        StringBuilder s = new StringBuilder("logs: ").append(r.hosts().size()).append(" hosts · ").append(ok)
                .append(" ok · ").append(r.failed()).append(" failed · ").append(r.lines()).append(" lines · ")
                .append(String.format(java.util.Locale.ROOT, "%.1fs", r.duration().toMillis() / 1000.0));
        if (r.stoppedAtLimit()) {
            s.append(" · stopped at --max-lines ").append(maxLines);
        }
        if (r.interrupted()) {
            s.append(" · interrupted");
        }
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (HostLog h : r.hosts()) {
            if (!h.ok()) {
                byReason.computeIfAbsent(h.status().key() + ": " + h.message(), k -> new ArrayList<>()).add(h.host());
            }
        }
        PrintWriter err = term.err();
        synchronized (err) {
            err.println(term.paint(Style.BOLD, s.toString()));
            byReason.forEach((why, hosts) -> {
                HostSet set = HostSet.of(hosts);
                err.println("  " + term.paint(Style.RED, set.fold() + " (" + set.size() + ")") + ": " + why);
            });
            err.flush();
        }
    }
}
