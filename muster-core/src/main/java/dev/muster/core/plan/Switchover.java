package dev.muster.core.plan;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.step.CommandStep;
import dev.muster.core.step.Shell;
import dev.muster.core.strategy.Batch;
import dev.muster.core.strategy.Batches;
import dev.muster.core.strategy.Gate;
import dev.muster.core.strategy.RolloutListener;
import dev.muster.core.strategy.RolloutResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code kind: switchover}: probe roles (exactly one primary, or stop), update the replicas in
 * batches with the group's gates, pick the candidate (an updated replica that is still a replica,
 * the least lagging when a lag probe is given), run the switch on the current primary, verify
 * (candidate primary, old primary replica), then update the old primary. Roles are probed again
 * before every unit and never taken from the inventory; whatever does not add up stops the group,
 * and the old primary is updated only after a verified switch.
 */
final class Switchover {
    private static final Duration VERIFY_POLL = Duration.ofMillis(500);

    private final Group group;
    private final Group.Switchover spec;
    private final PlanApply.Prepared prepared;
    private final Executor executor;
    private final UnitGate gate;
    private final Consumer<String> state;
    private final PlanRunner.Sleeper sleeper;
    private final Clock clock;
    private final boolean check;
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private final Map<String, Integer> batchOf = new LinkedHashMap<>();
    private final List<RolloutResult.BatchReport> reports = new ArrayList<>();
    private int failed;
    private int attempted;

    Switchover(Group group, PlanApply.Prepared prepared, Executor executor, UnitGate gate, Consumer<String> state,
               PlanRunner.Sleeper sleeper, Clock clock, boolean check) {
        this.group = group;
        this.spec = group.switchover();
        this.prepared = prepared;
        this.executor = executor;
        this.gate = gate;
        this.state = state;
        this.sleeper = sleeper;
        this.clock = clock;
        this.check = check;
    }

    /** Why the group stops. */
    private static final class Stop extends Exception {
        Stop(String message) {
            super(message, null, false, false);
        }
    }

    /** Roles as probed just now. */
    private record Roles(Host primary, List<Host> replicas) {
    }

    RolloutResult run(ExecutorOptions options, RolloutListener listener) {
        List<Host> hosts = prepared.hosts();
        String stop = "";
        boolean cancelled = false;
        int planned = 0;
        try {
            Roles roles = probe(hosts, options);
            Host primary = roles.primary();
            List<List<Host>> cut = Batches.split(roles.replicas(), group.strategy().batchSizes(roles.replicas().size()));
            planned = cut.size() + 1;
            List<Host> updated = new ArrayList<>();
            for (int i = 0; i < cut.size(); i++) {
                Batch batch = new Batch(i + 1, planned, cut.get(i));
                admit("batch " + batch.number() + "/" + batch.of() + " (replicas)");
                Roles now = probe(hosts, options);
                if (!now.primary().name().equals(primary.name())) {
                    throw new Stop("roles changed: primary is now " + now.primary().name() + ", was " + primary.name());
                }
                updated.addAll(update(batch, options, listener, "replica"));
                gate.finished(Duration.ZERO);
            }
            if (prepared.runner().doneBefore(primary.name())) {
                // a resumed run whose switch happened before: the primary is the updated candidate already
                outcomes.put(primary.name(), Outcome.note(primary.name(), Status.OK, "done in an earlier attempt of this run"));
                batchOf.put(primary.name(), planned);
                return new RolloutResult(hostReports(hosts, ""), reports, planned, "", false);
            }
            if (check) {
                state.accept("switch not run in check mode");
                Batch last = new Batch(planned, planned, List.of(primary));
                update(last, options, listener, "old primary");
                return new RolloutResult(hostReports(hosts, ""), reports, planned, "", false);
            }
            admit("switch");
            Roles before = probe(hosts, options);
            if (!before.primary().name().equals(primary.name())) {
                throw new Stop("roles changed: primary is now " + before.primary().name() + ", was " + primary.name());
            }
            List<Host> candidates = updated.stream()
                    .filter(h -> before.replicas().stream().anyMatch(r -> r.name().equals(h.name()))).toList();
            Host candidate = pick(candidates, options);
            state.accept("switching " + primary.name() + " → " + candidate.name());
            switchTo(primary, candidate, options);
            verify(hosts, primary, candidate, options);
            gate.finished(Duration.ZERO);
            Batch last = new Batch(planned, planned, List.of(primary));
            admit("batch " + last.number() + "/" + last.of() + " (old primary " + primary.name() + ")");
            Roles after = probe(hosts, options);
            if (!after.primary().name().equals(candidate.name())) {
                throw new Stop("roles changed: primary is now " + after.primary().name() + ", was " + candidate.name());
            }
            update(last, options, listener, "old primary");
        } catch (Stop s) {
            stop = s.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop = "interrupted";
            cancelled = true;
        }
        if (!stop.isEmpty()) {
            listener.stopped(stop);
        }
        return new RolloutResult(hostReports(hosts, stop), reports, planned, stop, cancelled);
    }

    private void admit(String what) throws InterruptedException, Stop {
        String held = gate.admit(what);
        if (held != null) {
            throw new Stop(held);
        }
    }

    /** Runs the plan's steps on a batch, then the group's gates; a failure or failed gate stops the group. */
    private List<Host> update(Batch batch, ExecutorOptions options, RolloutListener listener, String what)
            throws InterruptedException, Stop {
        PlanRunner runner = prepared.runner();
        // batches follow the roles probed now, so a resumed run skips steps per host (not whole batches)
        boolean replayed = batch.hosts().stream().allMatch(h -> runner.doneBefore(h.name()));
        if (replayed) {
            listener.batchReplayed(batch);
        } else {
            listener.batchStarted(batch);
        }
        long t0 = System.nanoTime();
        RunResult result = runner.run(batch, options, false);
        Duration work = Duration.ofNanos(System.nanoTime() - t0);
        int inBatch = 0;
        for (Outcome o : result.outcomes()) {
            outcomes.put(o.host(), o);
            batchOf.put(o.host(), batch.number());
            if (!o.success()) {
                inBatch++;
            }
        }
        failed += inBatch;
        attempted += batch.hosts().size();
        List<Host> deployed = batch.hosts().stream().filter(h -> outcomes.get(h.name()).success()).toList();
        Gate.Verdict verdict = null;
        if (inBatch == 0 && !replayed && !prepared.gates().isEmpty()) {
            verdict = Gate.Verdict.pass();
            for (Gate g : prepared.gates()) {
                verdict = g.check(batch, deployed);
                if (!verdict.passed()) {
                    break;
                }
            }
        }
        RolloutResult.BatchReport report = new RolloutResult.BatchReport(batch.number(), GroupApply.names(batch.hosts()),
                inBatch, failed, attempted, verdict, work, Duration.ZERO);
        reports.add(report);
        listener.batchFinished(report);
        if (result.cancelled()) {
            throw new InterruptedException("interrupted");
        }
        if (inBatch > 0) {
            throw new Stop(inBatch + " " + what + (inBatch == 1 ? "" : "s") + " failed in batch " + batch.number());
        }
        if (verdict != null && !verdict.passed()) {
            throw new Stop("gate failed after batch " + batch.number() + ": " + verdict.reason());
        }
        return deployed;
    }

    /** Each host's role from its probe's exit code; exactly one primary, every other host a replica. */
    private Roles probe(List<Host> hosts, ExecutorOptions options) throws InterruptedException, Stop {
        RunResult r = executor.run(hosts, CommandStep.command(spec.role(), false), options, new RunListener() { });
        Host primary = null;
        List<Host> replicas = new ArrayList<>();
        List<String> odd = new ArrayList<>();
        Map<String, Outcome> byHost = new LinkedHashMap<>();
        r.outcomes().forEach(o -> byHost.put(o.host(), o));
        List<String> primaries = new ArrayList<>();
        for (Host h : hosts) {
            Outcome o = byHost.get(h.name());
            Integer exit = o == null || o.status() == Status.UNREACHABLE ? null : o.exitCode();
            if (exit != null && exit == spec.primaryExit()) {
                primaries.add(h.name());
                primary = h;
            } else if (exit != null && exit == spec.replicaExit()) {
                replicas.add(h);
            } else {
                odd.add(h.name() + " (" + (o == null ? "no answer" : exit == null ? o.status().key() + ": " + o.message()
                        : "exit code " + exit) + ")");
            }
        }
        if (!odd.isEmpty()) {
            throw new Stop("role probe: neither primary nor replica: " + String.join(", ", odd));
        }
        if (primaries.size() != 1) {
            throw new Stop("role probe: " + (primaries.isEmpty() ? "no primary" : primaries.size() + " primaries ("
                    + HostSet.of(primaries).fold() + ")") + "; exactly one is needed");
        }
        return new Roles(primary, replicas);
    }

    /** The updated replica with the least lag (by the lag probe's number); the first by name without a probe. */
    private Host pick(List<Host> candidates, ExecutorOptions options) throws InterruptedException, Stop {
        if (candidates.isEmpty()) {
            throw new Stop("no candidate: no updated replica is still a replica");
        }
        if (spec.lag() == null) {
            return candidates.stream().min(Comparator.comparing(Host::name)).orElseThrow();
        }
        RunResult r = executor.run(candidates, CommandStep.command(spec.lag(), false), options, new RunListener() { });
        Host best = null;
        double least = Double.MAX_VALUE;
        for (Host h : candidates.stream().sorted(Comparator.comparing(Host::name)).toList()) {
            Outcome o = r.outcomes().stream().filter(x -> x.host().equals(h.name())).findFirst().orElse(null);
            if (o == null || !o.success()) {
                continue;
            }
            try {
                double lag = Double.parseDouble(o.stdout().strip());
                if (lag < least) {
                    least = lag;
                    best = h;
                }
            } catch (NumberFormatException e) {
                // a lag that cannot be read is not trusted: that replica is not a candidate
            }
        }
        if (best == null) {
            throw new Stop("no candidate: the lag probe gave no number on " + GroupApply.names(candidates).fold());
        }
        return best;
    }

    private void switchTo(Host primary, Host candidate, ExecutorOptions options) throws InterruptedException, Stop {
        String command = spec.switchCommand().replace("{candidate_address}", Shell.quote(candidate.address()))
                .replace("{candidate}", Shell.quote(candidate.name()));
        RunResult r = executor.run(List.of(primary), CommandStep.command(command, false), options, new RunListener() { });
        Outcome o = r.outcomes().getFirst();
        if (!o.success()) {
            throw new Stop("switch to " + candidate.name() + " failed on " + primary.name() + ": " + o.message()
                    + "; old primary " + primary.name() + " left as it was");
        }
    }

    /** Candidate primary and old primary replica, within the verify timeout; else stop with the old primary untouched. */
    private void verify(List<Host> hosts, Host old, Host candidate, ExecutorOptions options)
            throws InterruptedException, Stop {
        state.accept("verifying: " + candidate.name() + " primary, " + old.name() + " replica");
        Instant deadline = clock.instant().plus(spec.verifyTimeout());
        String last;
        while (true) {
            try {
                Roles now = probe(hosts, options);
                boolean ok = now.primary().name().equals(candidate.name())
                        && now.replicas().stream().anyMatch(h -> h.name().equals(old.name()));
                if (ok) {
                    return;
                }
                last = "primary is " + now.primary().name();
            } catch (Stop s) {
                last = s.getMessage();
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new Stop("switchover verification failed after " + Durations.format(spec.verifyTimeout()) + ": "
                        + last + " (expected " + candidate.name() + " primary, " + old.name()
                        + " replica); old primary " + old.name() + " left as it was");
            }
            sleeper.sleep(VERIFY_POLL);
        }
    }

    private List<RolloutResult.HostReport> hostReports(List<Host> hosts, String stop) {
        List<RolloutResult.HostReport> out = new ArrayList<>();
        for (Host h : hosts) {
            Outcome o = outcomes.get(h.name());
            if (o == null) {
                String why = "not started: " + (stop.isEmpty() ? "group stopped" : stop);
                out.add(RolloutResult.HostReport.skipped(h.name(), why));
            } else {
                out.add(new RolloutResult.HostReport(h.name(), o.success() ? RolloutResult.HostState.DEPLOYED
                        : RolloutResult.HostState.FAILED, o, batchOf.get(h.name()), ""));
            }
        }
        return out;
    }
}
