package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.store.FileRunStore;
import dev.muster.core.store.RunRecord;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent runs, newest first.")
final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many. Default: ${DEFAULT-VALUE}.")
    int limit;

    @picocli.CommandLine.Mixin
    StoreOption store;

    @Override
    public Integer call() {
        Terminal term = store.terminal();
        PrintWriter out = term.out();
        var runs = new FileRunStore(store.dir()).recent(limit);
        if (runs.isEmpty()) {
            out.println("no runs recorded yet in " + store.dir());
        }
        for (RunRecord r : runs) {
            out.println(String.format(Locale.ROOT, "%-20s  %s  %-8s  %-24s  %-30s  %s", r.id(),
                    WHEN.format(r.startedAt()), r.kind(), clip(r.selector(), 24), clip(r.command(), 30),
                    summary(r)));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String summary(RunRecord r) {
        if (r.finishedAt() == null) {
            return "running (or died)";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Integer> e : r.counts().entrySet()) {
            if (e.getValue() > 0) {
                b.append(e.getValue()).append(' ').append(e.getKey()).append(' ');
            }
        }
        return b.append("exit ").append(r.exitCode()).toString();
    }

    private static String clip(String s, int n) {
        if (s == null) {
            return "";
        }
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
