package dev.muster.core.plan;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.secret.SecretResolver;
import dev.muster.core.store.StepMark;
import dev.muster.core.strategy.Batch;
import dev.muster.core.strategy.BatchRunner;
import dev.muster.core.strategy.Rollback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a plan's steps over one batch: each step through the {@link Executor} on the batch's hosts
 * it applies to, in order; a host whose step fails or is unreachable takes no further step. Then
 * the handlers that steps which changed a host notified run once on that host. A host's outcome is
 * its failing step's (message prefixed with the step), else changed when any step changed it,
 * else ok; handlers a failed host was still owed are named in {@link Outcome#owed()}.
 *
 * <p>Every step's start and end on each host, every handler owed and paid, and every batch that
 * passed is written to the run's {@link PlanJournal} as it happens; with a {@link PlanJournal.Resume}
 * of an earlier attempt, steps done then are skipped, steps in flight then run again, and owed
 * handlers are paid.
 *
 * <p>In check mode, push, template and release steps report what they would change, run and
 * script steps, waits and approvals are not run, and handlers are reported as what would run.
 *
 * <p>It is the plan's batch loop; each concern lives next to it: {@link PlanSteps} builds every
 * step up front, {@link PlanLedger} keeps per-host registered values and owed handlers and writes
 * the journal, {@link PlanHandlers} runs handlers, {@link PlanRollback} undoes a batch,
 * {@link TrafficSwitch} moves blue-green traffic, {@link StepOutcomes} folds step outcomes into a
 * host's outcome. A new kind of gate around a batch's steps belongs in {@link #run}; a new
 * per-host record in the ledger.
 */
public final class PlanRunner implements BatchRunner {
    /** Waits for a plan's {@code wait: DURATION}; tests pass one that records. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Duration APPROVAL_POLL = Duration.ofMillis(250);

    private final Plan plan;
    private final Executor executor;
    private final RunListener listener;
    private final PlanContext context;
    private final PlanJournal journal;
    private final PlanJournal.Resume resume;
    private final Sleeper sleeper;
    private final PlanLedger ledger;
    private final PlanSteps steps;
    private final PlanHandlers handlers;

    /**
     * Builds every step (so bad input is found before anything runs: undefined variables, missing
     * scripts, a step kind no factory builds, a checksum that does not match).
     *
     * @param hosts     the run's hosts, to check host variables used by commands
     * @param factories builders of the steps core does not implement
     * @param journal   where progress is written; {@link PlanJournal#NONE} for nowhere
     * @param resume    what an earlier attempt of this run did, or null
     */
    public PlanRunner(Plan plan, List<Host> hosts, Executor executor, RunListener listener, PlanContext context,
                      List<StepFactory> factories, PlanJournal journal, PlanJournal.Resume resume, Sleeper sleeper) {
        this.plan = plan;
        this.executor = executor;
        this.listener = listener == null ? new RunListener() { } : listener;
        this.context = context;
        this.journal = journal;
        this.resume = resume;
        this.sleeper = sleeper;
        this.ledger = new PlanLedger(plan, context, journal);
        this.steps = new PlanSteps(plan, hosts, context, ledger::scope, factories);
        this.handlers = new PlanHandlers(plan, steps.handlers(), context, ledger, executor, this.listener);
        // a missing vault password or a failing secret command stops the plan before any host is contacted
        SecretResolver.preflight(context.vars(), steps.needed()::contains);
        SecretResolver.preflight(hosts, steps.needed()::contains);
    }

    /** A runner with no journal and real sleeps (tests, one-off runs). */
    public PlanRunner(Plan plan, List<Host> hosts, Executor executor, RunListener listener, PlanContext context,
                      List<StepFactory> factories) {
        this(plan, hosts, executor, listener, context, factories, PlanJournal.NONE, null, Thread::sleep);
    }

    /** What may hold a batch before it starts (a maintenance window); none by default. */
    private dev.muster.core.strategy.BatchHold hold = dev.muster.core.strategy.BatchHold.NONE;

    /** Sets what is asked before each batch starts (see {@link dev.muster.core.strategy.BatchRunner#hold}). */
    void holdWith(dev.muster.core.strategy.BatchHold holder) {
        this.hold = holder;
    }

    @Override
    public String hold(Batch batch) throws InterruptedException {
        return hold.hold(batch);
    }

    /** Whether every step that applies to {@code host} was done there in an earlier attempt of this run (resume). */
    boolean doneBefore(String host) {
        if (resume == null) {
            return false;
        }
        for (int i = 0; i < plan.steps().size(); i++) {
            if (plan.steps().get(i).hostSet().contains(host) && resume.done(host, i) == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean replayed(Batch batch) {
        return resume != null && resume.batchDone(batch.number());
    }

    @Override
    public void passed(Batch batch) {
        if (!context.check()) {
            journal.mark(StepMark.batchDone(batch.number()));
        }
    }

    @Override
    public RunResult run(Batch batch, ExecutorOptions options) throws InterruptedException {
        return run(batch, options, true);
    }

    /**
     * @param replay whether a batch the journal says passed is replayed whole; a switchover (whose
     *               batches depend on the roles probed now) passes false, so only steps done on each
     *               host before are skipped
     */
    RunResult run(Batch batch, ExecutorOptions options, boolean replay) throws InterruptedException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Host> hosts = batch.hosts();
        if (replay && replayed(batch)) {
            List<Outcome> done = hosts.stream().map(h -> Outcome.note(h.name(), Status.OK,
                    "done in an earlier attempt of this run")).toList();
            done.forEach(listener::hostFinished);
            return new RunResult(done, started, Duration.ofNanos(System.nanoTime() - t0), false);
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Set<String> stopped = new HashSet<>();
        if (resume != null) {
            ledger.resumeFrom(resume, hosts);
        }
        boolean cancelled = false;
        for (int i = 0; i < plan.steps().size() && !cancelled; i++) {
            PlanStep step = plan.steps().get(i);
            List<Host> targets = hosts.stream()
                    .filter(h -> step.hostSet().contains(h.name()) && !stopped.contains(h.name())).toList();
            List<Host> todo = new ArrayList<>();
            for (Host h : targets) {
                String status = resume == null ? null : resume.done(h.name(), i);
                if (status != null) {
                    outcomes.merge(h.name(), Outcome.note(h.name(),
                            Status.valueOf(status.toUpperCase(java.util.Locale.ROOT)),
                            ""), StepOutcomes::combine);
                } else {
                    todo.add(h);
                }
            }
            if (todo.isEmpty()) {
                continue;
            }
            int index = i;
            RunListener journal = new RunListener() {
                @Override
                public void hostFinished(Outcome o) {
                    ledger.stepFinished(batch.number(), index, step, o);
                }
            };
            RunListener recording = RunListener.all(
                    List.of(journal, new StepOutcomes.Labelling(listener, "step " + (i + 1), step)));
            RunResult r = runStep(batch, i, step, todo, options, recording);
            cancelled = r.cancelled();
            for (Outcome o : r.outcomes()) {
                outcomes.merge(o.host(), StepOutcomes.label("step " + (i + 1), step, o), StepOutcomes::combine);
                if (!o.success()) {
                    stopped.add(o.host());
                }
            }
        }
        if (!cancelled) {
            cancelled = handlers.run(batch.number(), hosts, stopped, outcomes, options);
        }
        List<Outcome> out = new ArrayList<>();
        for (Host h : hosts) {
            Outcome o = outcomes.getOrDefault(h.name(), Outcome.note(h.name(),
                    Status.OK, "no step applies to this host"));
            Set<String> still = ledger.owed(h.name());
            out.add(still.isEmpty() || o.success() ? o
                    : o.withOwed(still.stream().map(n -> "handler " + n).toList()));
        }
        return new RunResult(out, started, Duration.ofNanos(System.nanoTime() - t0), cancelled);
    }

    private RunResult runStep(Batch batch, int index, PlanStep step, List<Host> todo, ExecutorOptions options,
                              RunListener listener) throws InterruptedException {
        return switch (step.body()) {
            case PlanStep.Wait w when w.until() == null -> inline(todo, listener, () -> {
                if (context.check()) {
                    return "not waited in check mode";
                }
                sleeper.sleep(w.duration());
                return "waited " + Durations.format(w.duration());
            });
            case PlanStep.Approve a -> approve(batch, index, a, todo, listener);
            case PlanStep.Run r when context.check() -> inline(todo, listener, () -> "not run in check mode");
            case PlanStep.Script s when context.check() -> inline(todo, listener, () -> "not run in check mode");
            default -> {
                todo.forEach(h -> ledger.stepStarted(batch.number(), index, h.name()));
                yield executor.run(todo, steps.step(index), StepOutcomes.options(options, step), listener);
            }
        };
    }

    /** The same note for every host, for work done once for the batch (a wait). */
    private static RunResult inline(List<Host> hosts, RunListener listener, Inline work) throws InterruptedException {
        Instant started = Instant.now();
        String message = work.run();
        List<Outcome> out = hosts.stream().map(h -> Outcome.note(h.name(), Status.OK, message)).toList();
        out.forEach(listener::hostFinished);
        return new RunResult(out, started, Duration.between(started, Instant.now()), false);
    }

    @FunctionalInterface
    private interface Inline {
        String run() throws InterruptedException;
    }

    /** Waits for {@code muster approve RUN}; every host of the step fails when it does not come in time. */
    private RunResult approve(Batch batch, int index, PlanStep.Approve a, List<Host> todo, RunListener listener)
            throws InterruptedException {
        if (context.check()) {
            return inline(todo, listener, () -> "no approval asked in check mode");
        }
        Instant started = Instant.now();
        String key = "step-" + (index + 1) + "-batch-" + batch.number();
        String message = (a.message().isEmpty() ? "approve step " + (index + 1) : a.message()) + " (batch "
                + batch.number() + " of " + batch.of() + ", " + HostSet.of(todo.stream().map(Host::name).toList()).fold()
                + ")";
        boolean approved = journal.awaitApproval(key, message, a.timeout(), APPROVAL_POLL);
        List<Outcome> out = todo.stream().map(h -> approved ? Outcome.note(h.name(), Status.OK, "approved")
                : Outcome.builder(h.name(), Status.FAILED).kind(FailureKind.NOT_APPROVED)
                        .message("not approved within " + Durations.format(a.timeout()) + " (muster approve "
                                + context.runId() + ")")
                        .attempts(1).durationMs(Duration.between(started, Instant.now()).toMillis()).startedAt(started)
                        .build()).toList();
        out.forEach(listener::hostFinished);
        return new RunResult(out, started, Duration.between(started, Instant.now()), false);
    }

    /**
     * The plan's rollback: on each host, undo the steps that can be undone, newest first (a release
     * switches {@code current} back to the release it replaced), run the handlers those steps notify
     * (e.g. restart), then the plan's {@code rollback:} steps. A host is back when all of it succeeded.
     */
    public Rollback rollback(ExecutorOptions options) {
        return new PlanRollback(plan, steps, handlers, executor, listener).with(options);
    }

    /**
     * Moves traffic to {@code colour} (blue_green): runs the plan's switch steps on their own hosts,
     * with {@code colour}, {@code previous_colour} and {@code colour_hosts} (the addresses of the
     * colour's hosts) among the variables.
     */
    public RunResult switchTraffic(String colour, String previous, List<Host> colourHosts,
                                   Function<HostSet, List<Host>> resolve, List<StepFactory> factories,
                                   ExecutorOptions options) throws InterruptedException {
        TrafficSwitch to = TrafficSwitch.to(colour, previous, colourHosts, plan, context, resolve);
        PlanRunner runner = new PlanRunner(to.plan(), to.hosts(), executor, listener, to.context(), factories,
                PlanJournal.NONE, null, sleeper);
        return runner.run(to.batch(), options);
    }

    /** Names for tests and reports. */
    static Collection<String> owedOf(PlanRunner runner, String host) {
        return runner.ledger.owed(host);
    }
}
