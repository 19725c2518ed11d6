package dev.muster.server.engine;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanApply;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanJournal;
import dev.muster.core.plan.PlanReader;
import dev.muster.core.store.PlanRunSpec;
import dev.muster.core.store.RecordedRuns;
import dev.muster.core.strategy.RolloutListener;
import dev.muster.server.metrics.ServerMetrics;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plan applied through core's PlanApply, journaled in the store (so approve steps wait for
 * {@code POST /runs/{id}/approve}) with the plan step factories the CLI handed over.
 */
final class PlanJob extends RunJob {
    private volatile Thread thread;
    /** Guards {@link #thread} between a cancel's interrupt and the end of the rollout. */
    private final Object interrupts = new Object();
    /** Soak times and window waits of a grouped plan: stopping the run ends them at once. */
    final Waits waits = new Waits();
    /** A grouped plan's executor, so stopping the run also stops the batches its groups run. */
    volatile Executor executor;

    PlanJob(StoredRun run, Store store, RunTargets targets, EngineSettings settings, RunEvents events,
            ServerMetrics metrics) {
        super(run, store, targets, settings, events, metrics);
    }

    @Override
    int execute() {
        thread = Thread.currentThread();
        Path file = targets.plan(spec("plan"));
        Inventory inventory = targets.inventory();
        Plan plan = PlanReader.read(file, inventory);
        Map<String, Object> vars = new LinkedHashMap<>(plan.vars());
        if (targets.secrets().resolveAll(run.record().spec().get("vars")) instanceof Map<?, ?> given) {
            given.forEach((k, v) -> vars.put(k.toString(), v));
        }
        PlanContext context = new PlanContext(vars, false, false, file.getParent(), run.id(),
                run.requestedBy(), redactor());
        if (!plan.groups().isEmpty()) {
            return new GroupPlanRun(this, plan, inventory, context, waits).execute(file,
                    new Progress(progress(), new LiveOutput(store.runs(), run.id(), redactor(), settings.maxOutputPerHost())),
                    resumed(file));
        }
        var transport = settings.transport();
        PlanApply apply = new PlanApply(plan, inventory, new Executor(transport), context,
                settings.planSteps().apply(transport), store.runs());
        Progress progress = new Progress(progress(), new LiveOutput(store.runs(), run.id(), redactor(),
                settings.maxOutputPerHost()));
        PlanJournal journal = new PlanJournal(store.runs(), run.id());
        PlanJournal.Resume resumed = resumed(file);
        PlanApply.Prepared prepared = apply.prepare(inventory.hosts(plan.hosts()), progress, journal, resumed,
                Thread::sleep);
        Map<String, Object> spec = new LinkedHashMap<>(run.record().spec());
        spec.put("plan_sha256", PlanRunSpec.sha256(file));
        RecordedRuns.Recording recording = begin(plan.targets(), "apply " + spec("plan"), prepared.hosts(), spec);
        if (cancelled()) {
            clearInterrupt();
            recording.finish(130, Map.of());
            return 130;
        }
        PlanApply.Result result = prepared.run(settings.executor());
        clearInterrupt();
        recorded(this::capped).of(run.id()).outcomes(result.rollout().outcomes());
        int exit = cancelled() ? 130 : result.exitCode();
        recording.finish(exit, result.rollout().stateCounts(), s -> s.key());
        return exit;
    }

    /**
     * What an earlier attempt of this run did (its journal), when this run is resumed: after its
     * controller died, or on request. Null for a fresh run. A plan file changed since is refused:
     * resuming would mix two plans.
     */
    PlanJournal.Resume resumed(Path file) {
        if (store.runs().marks(run.id()).isEmpty()) {
            return null;
        }
        new PlanRunSpec(spec("plan"), PlanRunSpec.sha256(file), null, false)
                .requireSamePlan(run.record(), file.toString());
        return new PlanJournal(store.runs(), run.id()).resume();
    }

    Outcome capped(Outcome o) {
        long max = settings.maxOutputPerHost();
        String stdout = OutputCap.truncate(o.stdout(), max);
        String stderr = OutputCap.truncate(o.stderr(), Math.max(0, max - OutputCap.utf8Length(stdout)));
        return o.withOutput(stdout, stderr);
    }

    /**
     * A cancel interrupts this thread to end a wait (an approval, a pause); the rollout has returned
     * by now, and its end must still be recorded: a pool refuses a connection to an interrupted
     * thread. From here on no cancel interrupts it (a cancel racing the rollout's end used to land
     * during the recording: "Interrupted during connection acquisition"), and an earlier interrupt
     * is cleared. Whether the run was cancelled is known from {@link #cancelled()}, not from the flag.
     */
    void clearInterrupt() {
        synchronized (interrupts) {
            thread = null;
            Thread.interrupted();
        }
    }

    @Override
    void stop() {
        waits.stop();
        Executor e = executor;
        if (e != null) {
            e.cancelAll();
        }
        synchronized (interrupts) {
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    /**
     * Hands host progress to the server's listeners and stores each step's output as it comes (each
     * step's end also stores the host's outcome so far; the run's end stores the final one, whose
     * output replaces what was streamed). Rollout progress is not published yet.
     */
    record Progress(RunListener delegate, LiveOutput live) implements RunListener, RolloutListener {
        @Override
        public void hostStarted(Host host, int attempt) {
            live.hostStarted(host, attempt);
            delegate.hostStarted(host, attempt);
        }

        @Override
        public void outputLine(Host host, dev.muster.core.exec.OutputSink.Stream stream, String line) {
            live.outputLine(host, stream, line);
            delegate.outputLine(host, stream, line);
        }

        @Override
        public void hostFinished(Outcome outcome) {
            live.hostFinished(outcome);
            delegate.hostFinished(outcome);
        }
    }
}
