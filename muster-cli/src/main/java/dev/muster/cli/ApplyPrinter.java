package dev.muster.cli;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.Batch;
import dev.muster.core.strategy.RolloutListener;
import dev.muster.core.strategy.RolloutResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What `muster apply` prints: a line per batch, then every host's state folded, then a recap. */
final class ApplyPrinter implements RunListener, RolloutListener {
    private final PrintWriter out;
    private final Redactor redactor;

    ApplyPrinter(PrintWriter out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    @Override
    public synchronized void batchStarted(Batch batch) {
        HostSet hosts = HostSet.of(batch.hosts().stream().map(h -> h.name()).toList());
        out.println("batch " + batch.number() + "/" + batch.of() + ": " + hosts.fold() + " (" + hosts.size() + ")");
        out.flush();
    }

    @Override
    public synchronized void batchFinished(RolloutResult.BatchReport report) {
        out.println("  " + report.failed() + " failed in this batch; " + report.failedSoFar() + " of "
                + report.attemptedSoFar() + " hosts failed so far");
        out.flush();
    }

    @Override
    public synchronized void pausing(Duration pause) {
        out.println("  pausing " + pause.toSeconds() + "s");
        out.flush();
    }

    @Override
    public synchronized void stopped(String reason) {
        out.println("stopped: " + redactor.redact(reason));
        out.flush();
    }

    synchronized void recap(RolloutResult result) {
        for (RolloutResult.HostState state : RolloutResult.HostState.values()) {
            List<RolloutResult.HostReport> in = result.hosts().stream().filter(h -> h.state() == state).toList();
            if (in.isEmpty()) {
                continue;
            }
            if (state == RolloutResult.HostState.FAILED) {
                Map<String, List<String>> byMessage = new LinkedHashMap<>();
                for (RolloutResult.HostReport h : in) {
                    Outcome o = h.outcome();
                    byMessage.computeIfAbsent(o.status().key() + ": " + redactor.redact(o.message()), k -> new java.util.ArrayList<>())
                            .add(h.host());
                }
                byMessage.forEach((message, hosts) -> out.println(folded(hosts) + ": " + message));
            } else {
                out.println(folded(in.stream().map(RolloutResult.HostReport::host).toList()) + ": " + state.key());
            }
        }
        Map<RolloutResult.HostState, Integer> counts = result.stateCounts();
        out.println("recap: " + result.hosts().size() + " hosts · " + result.batches().size() + " of "
                + result.plannedBatches() + " batches · " + counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().key()).collect(Collectors.joining(" · ")));
        out.flush();
    }

    private static String folded(List<String> hosts) {
        HostSet set = HostSet.of(hosts);
        return set.fold() + " (" + set.size() + ")";
    }
}
