package dev.muster.core.strategy;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Runs work over a strategy's batches. After each batch, in this order:
 * <ol>
 *   <li>If the run was interrupted, it stops.</li>
 *   <li><b>max_fail_percentage</b>: {@code failed} = failed + unreachable hosts in every batch so
 *       far, {@code attempted} = hosts in every batch so far. When
 *       {@code failed * 100 > max_fail_percentage * attempted} (strictly more), the rollout stops:
 *       the batch that crossed the limit has finished, no later batch starts.</li>
 *   <li>Gates run, in order, on the batch's hosts the work succeeded on. The first failing gate
 *       stops the rollout and the rollback runs on the deployed hosts of this batch (scope
 *       {@code batch}) or of every batch so far (scope {@code all}).</li>
 *   <li>The pause, when there is a next batch.</li>
 * </ol>
 * Hosts of batches that never started are reported as skipped with the reason.
 */
public final class Rollout {
    /** Waits between batches; a test passes one that records instead of sleeping. */
    @FunctionalInterface
    public interface Pauser {
        void pause(Duration duration) throws InterruptedException;
    }

    private final BatchRunner runner;
    private final Pauser pauser;

    public Rollout(BatchRunner runner) {
        this(runner, Thread::sleep);
    }

    public Rollout(BatchRunner runner, Pauser pauser) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.pauser = Objects.requireNonNull(pauser, "pauser");
    }

    public RolloutResult run(List<Host> hosts, StrategySpec spec, ExecutorOptions options, List<Gate> gates,
                             Rollback rollback, RolloutListener listener) {
        List<List<Host>> cut = Batches.split(hosts, spec.batchSizes(hosts.size()));
        ExecutorOptions batchOptions = options.withForks(fanOut(spec, options.forks(), hosts.size()));
        State state = new State(hosts);
        String stop = "";
        boolean cancelled = false;
        try {
            boolean workedBefore = false;
            for (int i = 0; i < cut.size(); i++) {
                Batch batch = new Batch(i + 1, cut.size(), cut.get(i));
                boolean replayed = runner.replayed(batch);
                // Pauses separate batches worked in this attempt: none before or between replayed ones.
                if (workedBefore && !spec.pause().isZero() && !replayed) {
                    listener.pausing(spec.pause());
                    pauser.pause(spec.pause());
                }
                workedBefore |= !replayed;
                String held = replayed ? null : runner.hold(batch);
                if (held != null) {
                    stop = held;
                    break;
                }
                if (replayed) {
                    listener.batchReplayed(batch);
                } else {
                    listener.batchStarted(batch);
                }
                long t0 = System.nanoTime();
                RunResult result = runner.run(batch, batchOptions);
                state.record(batch, result);
                state.work = Duration.ofNanos(System.nanoTime() - t0);
                state.gating = Duration.ZERO;
                if (result.cancelled()) {
                    cancelled = true;
                    stop = "interrupted during batch " + batch.number();
                    listener.batchFinished(state.report(batch, null));
                    break;
                }
                if (state.failed * 100L > (long) spec.maxFailPercentage() * state.attempted) {
                    stop = failureStop(state, batch, spec.maxFailPercentage());
                    listener.batchFinished(state.report(batch, null));
                    break;
                }
                long g0 = System.nanoTime();
                Gate.Verdict verdict = gates.isEmpty() || replayed ? null
                        : gate(gates, batch, state.deployed(batch));
                state.gating = Duration.ofNanos(System.nanoTime() - g0);
                listener.batchFinished(state.report(batch, verdict));
                if (verdict != null && !verdict.passed()) {
                    stop = "gate failed after batch " + batch.number() + ": " + verdict.reason();
                    state.rollBack(spec.rollbackScope(), batch, rollback);
                    break;
                }
                runner.passed(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
            stop = "interrupted";
        }
        if (!stop.isEmpty()) {
            listener.stopped(stop);
        }
        return new RolloutResult(state.hostReports(stop), state.batches, cut.size(), stop, cancelled);
    }

    private static Gate.Verdict gate(List<Gate> gates, Batch batch, List<Host> deployed) throws InterruptedException {
        for (Gate gate : gates) {
            Gate.Verdict verdict = gate.check(batch, deployed);
            if (!verdict.passed()) {
                return verdict;
            }
        }
        return Gate.Verdict.pass();
    }

    private static int fanOut(StrategySpec spec, int forks, int total) {
        return spec.maxUnavailable() == null ? forks : Math.max(1, Math.min(forks, spec.maxUnavailable().hostsOf(total)));
    }

    private static String failureStop(State state, Batch batch, int limit) {
        return String.format(Locale.ROOT, "%d of %d hosts failed after batch %d (%s), more than max_fail_percentage %d",
                state.failed, state.attempted, batch.number(), percent(state.failed, state.attempted), limit);
    }

    private static String percent(int part, int whole) {
        double p = whole == 0 ? 0 : part * 100.0 / whole;
        return p == Math.rint(p) ? (long) p + "%" : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** What is known so far, per host and per batch. */
    private static final class State {
        private final List<Host> hosts;
        private final Map<String, Outcome> outcomes = new HashMap<>();
        private final Map<String, Integer> batchOf = new HashMap<>();
        private final Map<String, Outcome> rollbacks = new LinkedHashMap<>();
        private final List<RolloutResult.BatchReport> batches = new ArrayList<>();
        private int failed;
        private int attempted;
        private Duration work = Duration.ZERO;
        private Duration gating = Duration.ZERO;

        State(List<Host> hosts) {
            this.hosts = hosts;
        }

        void record(Batch batch, RunResult result) {
            for (Outcome o : result.outcomes()) {
                outcomes.put(o.host(), o);
                batchOf.put(o.host(), batch.number());
                if (o.status() == Status.FAILED || o.status() == Status.UNREACHABLE) {
                    failed++;
                }
            }
            attempted += batch.hosts().size();
        }

        RolloutResult.BatchReport report(Batch batch, Gate.Verdict verdict) {
            int inBatch = (int) batch.hosts().stream().map(h -> outcomes.get(h.name()))
                    .filter(o -> o != null && o.needsRetry()).count();
            RolloutResult.BatchReport report = new RolloutResult.BatchReport(batch.number(),
                    HostSet.of(batch.hosts().stream().map(Host::name).toList()), inBatch, failed, attempted, verdict,
                    work, gating);
            batches.add(report);
            return report;
        }

        List<Host> deployed(Batch batch) {
            return batch.hosts().stream().filter(h -> outcomes.get(h.name()).success()).toList();
        }

        void rollBack(StrategySpec.RollbackScope scope, Batch failedBatch, Rollback rollback)
                throws InterruptedException {
            if (scope == StrategySpec.RollbackScope.NONE) {
                return;
            }
            List<Host> targets = hosts.stream()
                    .filter(h -> batchOf.containsKey(h.name()) && outcomes.get(h.name()).success())
                    .filter(h -> scope == StrategySpec.RollbackScope.ALL || batchOf.get(h.name()) == failedBatch.number())
                    .toList();
            for (Host h : targets) {
                rollbacks.put(h.name(), null);
            }
            if (!targets.isEmpty()) {
                for (Outcome o : rollback.rollback(targets)) {
                    if (rollbacks.containsKey(o.host())) {
                        rollbacks.put(o.host(), o);
                    }
                }
            }
        }

        List<RolloutResult.HostReport> hostReports(String stop) {
            List<RolloutResult.HostReport> out = new ArrayList<>();
            for (Host h : hosts) {
                Outcome o = outcomes.get(h.name());
                if (o == null) {
                    String why = "not started: " + (stop.isEmpty() ? "rollout stopped" : stop);
                    out.add(RolloutResult.HostReport.skipped(h.name(), why));
                    continue;
                }
                int batch = batchOf.get(h.name());
                if (!o.success()) {
                    out.add(new RolloutResult.HostReport(h.name(), RolloutResult.HostState.FAILED, o, batch, ""));
                } else if (rollbacks.containsKey(h.name())) {
                    Outcome r = rollbacks.get(h.name());
                    boolean back = r != null && r.success();
                    String detail = r == null ? "no rollback outcome" : r.message();
                    out.add(new RolloutResult.HostReport(h.name(), back ? RolloutResult.HostState.ROLLED_BACK
                            : RolloutResult.HostState.ROLLBACK_FAILED, o, batch, detail));
                } else {
                    out.add(new RolloutResult.HostReport(h.name(), RolloutResult.HostState.DEPLOYED, o, batch, ""));
                }
            }
            return out;
        }
    }
}
