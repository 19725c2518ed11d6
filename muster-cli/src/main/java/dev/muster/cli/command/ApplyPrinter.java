package dev.muster.cli.command;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanApply;
import dev.muster.core.plan.PlanJournal;
import dev.muster.core.report.Gatherer;
import dev.muster.core.report.OutputGroup;
import dev.muster.core.strategy.Batch;
import dev.muster.core.strategy.RolloutListener;
import dev.muster.core.strategy.RolloutResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What `muster apply` prints: a line per batch with its failures as they come, what changed (with
 * diffs in check/diff mode) folded by identical output, the gate's verdict, then every host's
 * state folded and a recap.
 */
final class ApplyPrinter implements RunListener, RolloutListener {
    private final PrintWriter out;
    private final Redactor redactor;
    private final boolean showChanges;
    /** Per-batch timings on the batch's summary line (`--timings`, for benchmarks). */
    boolean timings;
    private final List<Outcome> batchOutcomes = new ArrayList<>();
    /** Check mode: deployed hosts are reported as would change / up to date. */
    boolean checking;
    /** The batch being reported was done in an earlier attempt (resume): nothing more is said of it. */
    private boolean replaying;

    /** Put before every batch line: the group's name when a grouped plan's groups run side by side. */
    String prefix = "";

    private void println(String line) {
        out.println(prefix + line);
    }

    ApplyPrinter(PrintWriter out, Redactor redactor, boolean showChanges) {
        this.out = out;
        this.redactor = redactor;
        this.showChanges = showChanges;
    }

    synchronized void header(String verb, Plan plan, List<Host> hosts, int forks, String runId, boolean resumed,
                             PlanJournal.Resume resume, String liveColour) {
        this.checking = verb.equals("check");
        out.println(verb + " " + plan.name() + " (run " + runId + (resumed ? ", resumed" : "") + "): "
                + PlanSummary.strategy(plan.strategy(), hosts.size(), forks));
        if (liveColour != null) {
            out.println("live colour: " + liveColour + "; deploying " + (liveColour.equals("blue") ? "green" : "blue")
                    + ": " + HostSet.of(hosts.stream().map(Host::name).toList()).fold());
        }
        if (resume != null && resume.inFlight() > 0) {
            out.println("resuming: " + resume.inFlight() + " step(s) were in flight when the run stopped; they run again");
        }
        out.flush();
    }

    @Override
    public synchronized void batchReplayed(Batch batch) {
        batchOutcomes.clear();
        replaying = true;
        HostSet hosts = HostSet.of(batch.hosts().stream().map(h -> h.name()).toList());
        println("batch " + batch.number() + "/" + batch.of() + ": " + hosts.fold() + " (" + hosts.size()
                + "): done in an earlier attempt of this run, not run again");
        out.flush();
    }

    @Override
    public synchronized void batchStarted(Batch batch) {
        replaying = false;
        batchOutcomes.clear();
        HostSet hosts = HostSet.of(batch.hosts().stream().map(h -> h.name()).toList());
        println("batch " + batch.number() + "/" + batch.of() + ": " + hosts.fold() + " (" + hosts.size() + ")");
        out.flush();
    }

    @Override
    public synchronized void hostFinished(Outcome outcome) {
        if (outcome.needsRetry()) {
            println("  " + outcome.host() + ": " + outcome.status().key() + ": " + redactor.redact(outcome.message()));
            out.flush();
        } else if (showChanges && outcome.status() == Status.CHANGED && !outcome.stdout().isBlank()) {
            batchOutcomes.add(outcome);
        }
    }

    @Override
    public synchronized void batchFinished(RolloutResult.BatchReport report) {
        if (replaying) {
            return;
        }
        for (OutputGroup group : Gatherer.gather(List.copyOf(batchOutcomes))) {
            String said = group.messages().stream().filter(m -> !m.isBlank()).distinct()
                    .collect(Collectors.joining("; "));
            println("  changed on " + group.hosts().fold() + " (" + group.hosts().size() + ")"
                    + (said.isEmpty() ? ":" : ": " + redactor.redact(said)));
            for (String line : redactor.redact(group.stdout()).split("\n", -1)) {
                if (!line.isEmpty()) {
                    println("    " + line);
                }
            }
        }
        batchOutcomes.clear();
        if (report.gate() != null) {
            println("  gate: " + (report.gate().passed() ? "passed" : "failed: " + redactor.redact(report.gate().reason())));
        }
        println("  " + report.failed() + " failed in this batch; " + report.failedSoFar() + " of "
                + report.attemptedSoFar() + " hosts failed so far"
                + (timings ? String.format(java.util.Locale.ROOT, " · steps %.2f s · gates %.2f s",
                report.work().toNanos() / 1e9, report.gating().toNanos() / 1e9) : ""));
        out.flush();
    }

    @Override
    public synchronized void pausing(Duration pause) {
        println("  pausing " + pause.toSeconds() + "s");
        out.flush();
    }

    @Override
    public synchronized void stopped(String reason) {
        println("stopped: " + redactor.redact(reason));
        out.flush();
    }

    synchronized void recap(PlanApply.Result apply) {
        RolloutResult result = apply.rollout();
        for (RolloutResult.HostState state : RolloutResult.HostState.values()) {
            List<RolloutResult.HostReport> in = result.hosts().stream().filter(h -> h.state() == state).toList();
            if (in.isEmpty()) {
                continue;
            }
            if (state == RolloutResult.HostState.FAILED || state == RolloutResult.HostState.ROLLBACK_FAILED) {
                Map<String, List<String>> byMessage = new LinkedHashMap<>();
                for (RolloutResult.HostReport h : in) {
                    String why = state == RolloutResult.HostState.FAILED
                            ? h.outcome().status().key() + ": " + h.outcome().message() : state.key() + ": " + h.detail();
                    if (!h.outcome().owed().isEmpty()) {
                        why += " (owed: " + String.join(", ", h.outcome().owed()) + ")";
                    }
                    byMessage.computeIfAbsent(redactor.redact(why), k -> new ArrayList<>()).add(h.host());
                }
                printFolded(byMessage);
            } else if (checking && state == RolloutResult.HostState.DEPLOYED) {
                Map<String, List<String>> byWhat = new LinkedHashMap<>();
                for (RolloutResult.HostReport h : in) {
                    byWhat.computeIfAbsent(h.outcome().status() == Status.CHANGED ? "would change" : "up to date",
                            k -> new ArrayList<>()).add(h.host());
                }
                byWhat.forEach((what, hosts) -> out.println(folded(hosts) + ": " + what));
            } else {
                out.println(folded(in.stream().map(RolloutResult.HostReport::host).toList()) + ": " + state.key());
            }
        }
        if (apply.switched() != null) {
            boolean ok = apply.switched().outcomes().stream().allMatch(Outcome::success);
            out.println("traffic: " + (ok ? "switched to " + apply.colour()
                    : "switch to " + apply.colour() + " failed; live colour stays " + apply.liveColour()));
        } else if (apply.colour() != null) {
            out.println("traffic: not switched; live colour stays " + apply.liveColour());
        }
        Map<RolloutResult.HostState, Integer> counts = result.stateCounts();
        out.println("recap: " + result.hosts().size() + " hosts · " + result.batches().size() + " of "
                + result.plannedBatches() + " batches · " + counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + (checking && e.getKey() == RolloutResult.HostState.DEPLOYED ? "checked"
                        : e.getKey().key())).collect(Collectors.joining(" · ")));
        out.flush();
    }

    /** Which release each host is on, hosts folded by release. */
    synchronized void releasesNow(Map<String, List<String>> byRelease) {
        out.println("releases now:");
        byRelease.forEach((release, hosts) -> out.println("  " + release + ": " + folded(hosts)));
        out.flush();
    }

    /** Hosts folded per message; past {@link #MAX_MESSAGES} messages the largest groups, then the rest counted. */
    private void printFolded(Map<String, List<String>> byMessage) {
        if (byMessage.size() <= MAX_MESSAGES) {
            byMessage.forEach((message, hosts) -> out.println(folded(hosts) + ": " + message));
            return;
        }
        // thousands of hosts failing each in its own words (messages name the host): the largest groups
        // and a count, not a line per host; `muster show RUN` has every one
        List<Map.Entry<String, List<String>>> largest = byMessage.entrySet().stream()
                .sorted(java.util.Comparator.comparingInt((Map.Entry<String, List<String>> e) -> -e.getValue().size()))
                .toList();
        largest.subList(0, MAX_MESSAGES - 1).forEach(e -> out.println(folded(e.getValue()) + ": " + e.getKey()));
        List<String> rest = largest.subList(MAX_MESSAGES - 1, largest.size()).stream()
                .flatMap(e -> e.getValue().stream()).toList();
        out.println(folded(rest) + ": " + (largest.size() - MAX_MESSAGES + 1) + " other messages");
    }

    /** Lines of failure messages in the recap before the rest are folded into one. */
    static final int MAX_MESSAGES = 8;

    private static String folded(List<String> hosts) {
        HostSet set = HostSet.of(hosts);
        return set.foldWithin(100) + " (" + set.size() + ")";
    }
}
