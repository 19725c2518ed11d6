package dev.muster.server.engine;

import dev.muster.core.Redactor;
import dev.muster.core.exec.RunListener;
import dev.muster.core.inventory.Host;
import dev.muster.core.exec.Outcome;
import dev.muster.core.store.RecordedRuns;
import dev.muster.core.store.RunKind;
import dev.muster.core.store.RunSpec;
import dev.muster.server.metrics.ServerMetrics;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One claimed run being executed: a command over a selector, a plan, or an inspection. */
abstract sealed class RunJob permits CommandJob, PlanJob, InspectionRunJob {
    final StoredRun run;
    final Store store;
    final RunTargets targets;
    final EngineSettings settings;
    final RunEvents events;
    final ServerMetrics metrics;
    private volatile boolean cancelled;
    /** The environments of the hosts it runs on, once it knows them (who may read its audit entries). */
    volatile java.util.Set<String> environments = java.util.Set.of();
    /** Its output shared through the store with the other servers (null: this server alone streams it). */
    volatile SharedOutput shared;

    RunJob(StoredRun run, Store store, RunTargets targets, EngineSettings settings, RunEvents events,
           ServerMetrics metrics) {
        this.run = run;
        this.store = store;
        this.targets = targets;
        this.settings = settings;
        this.events = events;
        this.metrics = metrics;
    }

    /** A plan job when the run's spec names a plan, an inspection job for an inspection, else a command job. */
    static RunJob of(StoredRun run, Store store, RunTargets targets, EngineSettings settings, RunEvents events,
                     ServerMetrics metrics, InspectionSettings inspections) {
        Map<String, Object> spec = run.record().spec();
        RunTargets own = targets.forRun();
        if (spec.containsKey("plan")) {
            return new PlanJob(run, store, own, settings, events, metrics);
        }
        if (spec.containsKey("inspection")) {
            return new InspectionRunJob(run, store, own, settings, events, metrics, inspections);
        }
        return new CommandJob(run, store, own, settings, events, metrics, inspections);
    }

    /** Executes the run and records how it ended; returns its exit code. */
    abstract int execute();

    /** Stops the run as soon as the engine can. */
    void cancel() {
        cancelled = true;
        stop();
    }

    abstract void stop();

    boolean cancelled() {
        return cancelled;
    }

    String runId() {
        return run.id();
    }

    String kind() {
        return run.record().kind();
    }

    Redactor redactor() {
        return targets.inventory().redactor();
    }

    String spec(String key) {
        Object v = run.record().spec().get(key);
        return v == null ? null : v.toString();
    }

    /** Live events, step timings and (on a shared store) the output for other servers; command runs add the run recorder. */
    RunListener progress() {
        SharedOutput s = shared;
        return s == null ? RunListener.all(List.of(events.listener(run.id(), redactor()), metrics.stepTimer()))
                : RunListener.all(List.of(events.listener(run.id(), redactor()), metrics.stepTimer(), s));
    }

    RecordedRuns.Recording begin(String selector, String command, List<Host> hosts) {
        return begin(selector, command, hosts, Map.of());
    }

    /**
     * Records that the run began on {@code hosts}, replacing the stored spec with {@code spec} unless
     * empty; the recording then stores outcomes and the end.
     */
    RecordedRuns.Recording begin(String selector, String command, List<Host> hosts, Map<String, Object> spec) {
        environments = RunTargets.environments(hosts);
        return recorded(UnaryOperator.identity()).begin(run.id(), new RunSpec(runKind(), selector, command, spec),
                hosts.stream().map(Host::name).toList(), Instant.now());
    }

    /** This run's records in the store, each outcome trimmed by {@code trim} (after masking) before it is kept. */
    RecordedRuns recorded(UnaryOperator<Outcome> trim) {
        return new RecordedRuns(store.runs(), redactor(), trim);
    }

    private RunKind runKind() {
        return RunKind.of(kind()).orElseThrow(() -> new IllegalStateException("run " + run.id()
                + " has a kind this server does not know: " + kind()));
    }

    /**
     * The run broke before it could finish: it ends with exit code 3 (2 for bad input, such as a
     * vault value no password decrypts) and the reason, redacted, in the audit log.
     */
    void failed(RuntimeException e) {
        try {
            store.runs().finish(run.id(), e instanceof dev.muster.core.InputException ? 2 : 3, Map.of());
            store.audit().append("engine", "run.fail", run.id(), "failed: " + redactor().redact(String.valueOf(
                    e.getMessage())), null, environments);
        } catch (RuntimeException again) {
            e.addSuppressed(again);
        }
    }
}
