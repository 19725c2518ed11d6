package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.secret.SecretResolver;
import dev.muster.core.secret.UsesVariables;
import dev.muster.core.step.CommandStep;
import dev.muster.core.store.StepMark;
import dev.muster.core.strategy.Batch;
import dev.muster.core.strategy.BatchRunner;
import dev.muster.core.strategy.Rollback;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final List<Step> built = new ArrayList<>();
    private final Map<String, Step> handlers = new LinkedHashMap<>();
    /** Index of each step that can be undone, with its undo, in plan order. */
    private final Map<Integer, Step> undos = new LinkedHashMap<>();
    private final List<Step> rollbackSteps = new ArrayList<>();
    private final Map<String, Map<String, Object>> registered = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> owed = new ConcurrentHashMap<>();
    /** Variables the plan's commands and templates name: their secrets are resolved before it runs. */
    private final Set<String> needed = new HashSet<>();

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
        List<InputException> problems = new ArrayList<>();
        Set<String> registers = new LinkedHashSet<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            PlanStep step = plan.steps().get(i);
            built.add(build(step, hosts, registers, factories, problems));
            if (step.register() != null) {
                registers.add(step.register());
            }
            Step undo = undo(step, factories, problems);
            if (undo != null) {
                undos.put(i, undo);
            }
        }
        plan.handlers().forEach((name, step) -> handlers.put(name, build(step, hosts, registers, factories, problems)));
        for (PlanStep step : plan.rollback()) {
            rollbackSteps.add(build(step, hosts, registers, factories, problems));
        }
        if (!problems.isEmpty()) {
            throw problems.size() == 1 ? problems.getFirst() : new InputException(problems);
        }
        // a missing vault password or a failing secret command stops the plan before any host is contacted
        SecretResolver.preflight(context.vars(), needed::contains);
        SecretResolver.preflight(hosts, needed::contains);
    }

    /** A runner with no journal and real sleeps (tests, one-off runs). */
    public PlanRunner(Plan plan, List<Host> hosts, Executor executor, RunListener listener, PlanContext context,
                      List<StepFactory> factories) {
        this(plan, hosts, executor, listener, context, factories, PlanJournal.NONE, null, Thread::sleep);
    }

    private Step build(PlanStep step, List<Host> hosts, Set<String> registers, List<StepFactory> factories,
                       List<InputException> problems) {
        Step built = buildStep(step, hosts, registers, factories, problems);
        if (built instanceof UsesVariables uses) {
            needed.addAll(uses.variableNames());
        }
        return built;
    }

    private Step buildStep(PlanStep step, List<Host> hosts, Set<String> registers, List<StepFactory> factories,
                           List<InputException> problems) {
        try {
            return switch (step.body()) {
                case PlanStep.Run r -> {
                    checkCommand(step, r.command(), hosts, registers, problems);
                    yield new CommandPlanStep(h -> CommandStep.command(commandFor(step, r.command(), h), r.sudo()),
                            r.changedWhen(), r.creates(), step.describe());
                }
                case PlanStep.Script s -> {
                    byte[] content = script(step, s);
                    s.args().forEach(a -> checkCommand(step, a, hosts, registers, problems));
                    yield new CommandPlanStep(h -> CommandStep.script(s.path(), content,
                            s.args().stream().map(a -> PlanVars.expand(a, scope(h), step)).toList(), s.sudo()),
                            s.changedWhen(), s.creates(), step.describe());
                }
                case PlanStep.Wait w when w.until() == null -> null;
                case PlanStep.Approve a -> null;
                case PlanStep.Built b -> b.step();
                default -> factory(step, factories).step(expanded(step), context);
            };
        } catch (InputException e) {
            problems.add(e);
            return null;
        }
    }

    private Step undo(PlanStep step, List<StepFactory> factories, List<InputException> problems) {
        if (!(step.body() instanceof PlanStep.Options)) {
            return null;
        }
        try {
            return factory(step, factories).undo(expanded(step), context);
        } catch (InputException e) {
            return null; // already reported when the step was built
        }
    }

    private static StepFactory factory(PlanStep step, List<StepFactory> factories) {
        return factories.stream().filter(f -> f.builds(step)).findFirst().orElseThrow(() -> new InputException(
                step.source(), step.line(), 0, step.kind().key() + " steps cannot run here: no module that builds them "
                + "is loaded"));
    }

    /** The step with plan variables put into its options. */
    private PlanStep expanded(PlanStep step) {
        PlanStep.Body body = switch (step.body()) {
            case PlanStep.Options o -> new PlanStep.Options(PlanVars.expandOptions(o.options(), context.vars(), step));
            case PlanStep.Wait w when w.until() != null ->
                    new PlanStep.Wait(w.duration(), PlanVars.expandOptions(w.until(), context.vars(), step), w.timeout());
            default -> step.body();
        };
        return new PlanStep(step.kind(), step.name(), step.hosts(), step.hostSet(), step.register(), step.notifies(),
                body, step.source(), step.line());
    }

    /**
     * Every reference in a run command (or script argument) must resolve on each of the step's
     * hosts, fields included ({@code host.labels.role} is not a field of host); registered names
     * stand for what they will hold. A {@code {name}} written as in check URLs is refused with the
     * spelling run commands take.
     */
    private void checkCommand(PlanStep step, String text, List<Host> hosts, Set<String> registers,
                              List<InputException> problems) {
        PlanVars.refs(text).forEach(ref -> needed.add(ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref));
        Map<String, Object> registeredShape = new LinkedHashMap<>();
        registers.forEach(r -> registeredShape.put(r, Map.of("stdout", "", "stderr", "", "exit_code", 0,
                "changed", false)));
        for (Host h : hosts) {
            if (!step.hostSet().contains(h.name())) {
                continue;
            }
            Map<String, Object> scope = PlanVars.hostScope(h, Map.of(), registeredShape, context.vars());
            int before = problems.size();
            PlanVars.checkDefined(text, scope, step, problems);
            PlanVars.checkSingleBraces(text, scope, step, problems);
            if (problems.size() > before) {
                return; // one host is enough to say it
            }
        }
    }

    private Map<String, Object> scope(Host host) {
        return PlanVars.hostScope(host, Map.of(), registered.getOrDefault(host.name(), Map.of()), context.vars());
    }

    private String commandFor(PlanStep step, String text, Host host) {
        return PlanVars.command(text, scope(host), step);
    }

    private static byte[] script(PlanStep step, PlanStep.Script s) {
        Path file = Path.of(step.source()).toAbsolutePath().getParent().resolve(s.path());
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(step.source(),
                    step.line(), 0, "cannot read script " + file + ": " + e.getMessage());
        }
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
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Host> hosts = batch.hosts();
        if (replayed(batch)) {
            List<Outcome> done = hosts.stream().map(h -> Outcome.note(h.name(), Status.OK,
                    "done in an earlier attempt of this run")).toList();
            done.forEach(listener::hostFinished);
            return new RunResult(done, started, Duration.ofNanos(System.nanoTime() - t0), false);
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Set<String> stopped = new HashSet<>();
        if (resume != null) {
            for (Host h : hosts) {
                Map<String, Object> was = new ConcurrentHashMap<>();
                resume.outputs(h.name()).forEach((step, output) -> {
                    String name = plan.steps().get(step).register();
                    if (name != null) {
                        was.put(name, Map.of("stdout", output, "stderr", "", "exit_code", 0, "changed", false));
                    }
                });
                registered.put(h.name(), was);
                owed.computeIfAbsent(h.name(), k -> ConcurrentHashMap.newKeySet()).addAll(resume.owedHandlers(h.name()));
            }
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
                            ""), PlanRunner::combine);
                } else {
                    todo.add(h);
                }
            }
            if (todo.isEmpty()) {
                continue;
            }
            int index = i;
            RunListener recording = new Labelling(listener, "step " + (i + 1), step) {
                @Override
                public void hostFinished(Outcome o) {
                    record(batch.number(), index, step, o);
                    super.hostFinished(o);
                }
            };
            RunResult r = runStep(batch, i, step, todo, options, recording);
            cancelled = r.cancelled();
            for (Outcome o : r.outcomes()) {
                outcomes.merge(o.host(), label("step " + (i + 1), step, o), PlanRunner::combine);
                if (!o.success()) {
                    stopped.add(o.host());
                }
            }
        }
        if (!cancelled) {
            cancelled = runHandlers(batch, hosts, stopped, outcomes, options);
        }
        List<Outcome> out = new ArrayList<>();
        for (Host h : hosts) {
            Outcome o = outcomes.getOrDefault(h.name(), Outcome.note(h.name(),
                    Status.OK, "no step applies to this host"));
            Set<String> still = owed.getOrDefault(h.name(), Set.of());
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
                if (!context.check()) {
                    todo.forEach(h -> journal.mark(StepMark.started(batch.number(), index, h.name())));
                }
                ExecutorOptions stepOptions = timeout(step) == null ? options : options.withHostTimeout(timeout(step));
                yield executor.run(todo, built.get(index), stepOptions, listener);
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

    /** Journals the step's end, keeps what it registered and owes the handlers it notified. */
    private void record(int batch, int index, PlanStep step, Outcome o) {
        boolean check = context.check();
        if (step.register() != null) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("stdout", o.stdout().strip());
            value.put("stderr", o.stderr().strip());
            value.put("exit_code", o.exitCode() == null ? "" : o.exitCode());
            value.put("changed", o.status() == Status.CHANGED);
            registered.computeIfAbsent(o.host(), k -> new ConcurrentHashMap<>()).put(step.register(), value);
        }
        if (o.status() == Status.CHANGED) { // owed before done: a kill between the two still pays the handler
            for (String handler : step.notifies()) {
                if (owed.computeIfAbsent(o.host(), k -> ConcurrentHashMap.newKeySet()).add(handler) && !check) {
                    journal.mark(StepMark.handler(StepMark.Mark.HANDLER_OWED, batch, o.host(), handler));
                }
            }
        }
        if (!check) {
            journal.mark(StepMark.done(batch, index, o.host(), o.status().name().toLowerCase(java.util.Locale.ROOT),
                    step.register() == null ? "" : context.redactor().redact(o.stdout().strip())));
        }
    }

    /** Runs each owed handler once per host that still stands; returns whether the run was cancelled. */
    private boolean runHandlers(Batch batch, List<Host> hosts, Set<String> stopped, Map<String, Outcome> outcomes,
                                ExecutorOptions options) throws InterruptedException {
        for (Map.Entry<String, Step> handler : handlers.entrySet()) {
            String name = handler.getKey();
            List<Host> due = hosts.stream().filter(h -> !stopped.contains(h.name())
                    && owed.getOrDefault(h.name(), Set.of()).contains(name)).toList();
            if (due.isEmpty()) {
                continue;
            }
            PlanStep step = plan.handlers().get(name);
            if (context.check()) {
                for (Host h : due) {
                    owed.get(h.name()).remove(name);
                    outcomes.merge(h.name(), Outcome.note(h.name(), Status.CHANGED, "handler " + name + " would run"),
                            PlanRunner::combine);
                }
                continue;
            }
            ExecutorOptions handlerOptions = timeout(step) == null ? options : options.withHostTimeout(timeout(step));
            RunResult r = executor.run(due, handler.getValue(), handlerOptions, listener);
            for (Outcome o : r.outcomes()) {
                if (o.success()) {
                    owed.get(o.host()).remove(name);
                    journal.mark(StepMark.handler(StepMark.Mark.HANDLER_DONE, batch.number(), o.host(), name));
                } else {
                    stopped.add(o.host());
                }
                outcomes.merge(o.host(), label("handler " + name, step, o), PlanRunner::combine);
            }
            if (r.cancelled()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The plan's rollback: on each host, undo the steps that can be undone, newest first (a release
     * switches {@code current} back to the release it replaced), run the handlers those steps notify
     * (e.g. restart), then the plan's {@code rollback:} steps. A host is back when all of it succeeded.
     */
    public Rollback rollback(ExecutorOptions options) {
        return hosts -> {
            Map<String, Outcome> outcomes = new LinkedHashMap<>();
            Set<String> stopped = new HashSet<>();
            List<Integer> order = new ArrayList<>(undos.keySet());
            java.util.Collections.reverse(order);
            Set<String> notified = new LinkedHashSet<>();
            for (int i : order) {
                PlanStep step = plan.steps().get(i);
                notified.addAll(step.notifies());
                phase(hosts, step.hostSet(), undos.get(i), options, "undo step " + (i + 1), step, outcomes, stopped);
            }
            for (String name : plan.handlers().keySet()) {
                if (notified.contains(name)) {
                    PlanStep step = plan.handlers().get(name);
                    phase(hosts, step.hostSet(), handlers.get(name), options, "handler " + name, step, outcomes, stopped);
                }
            }
            for (int i = 0; i < plan.rollback().size(); i++) {
                PlanStep step = plan.rollback().get(i);
                phase(hosts, step.hostSet(), rollbackSteps.get(i), options, "rollback step " + (i + 1), step,
                        outcomes, stopped);
            }
            return hosts.stream().map(h -> outcomes.getOrDefault(h.name(),
                    Outcome.note(h.name(), Status.FAILED, "nothing in the plan can roll this host back"))).toList();
        };
    }

    private void phase(List<Host> hosts, HostSet on, Step work, ExecutorOptions options, String what, PlanStep step,
                       Map<String, Outcome> outcomes, Set<String> stopped) throws InterruptedException {
        List<Host> targets = hosts.stream().filter(h -> on.contains(h.name()) && !stopped.contains(h.name())).toList();
        if (targets.isEmpty() || work == null) {
            return;
        }
        for (Outcome o : executor.run(targets, work, options, listener).outcomes()) {
            outcomes.merge(o.host(), label(what, step, o), PlanRunner::combine);
            if (!o.success()) {
                stopped.add(o.host());
            }
        }
    }

    /**
     * Moves traffic to {@code colour} (blue_green): runs the plan's switch steps on their own hosts,
     * with {@code colour}, {@code previous_colour} and {@code colour_hosts} (the addresses of the
     * colour's hosts) among the variables.
     */
    public RunResult switchTraffic(String colour, String previous, List<Host> colourHosts,
                                   Function<HostSet, List<Host>> resolve, List<StepFactory> factories,
                                   ExecutorOptions options) throws InterruptedException {
        Map<String, Object> vars = new LinkedHashMap<>(context.vars());
        vars.put("colour", colour);
        vars.put("previous_colour", previous == null ? "" : previous);
        vars.put("colour_hosts", colourHosts.stream().map(Host::address).toList());
        PlanContext switchContext = new PlanContext(vars, context.check(), context.diff(), context.planDir(),
                context.runId(), context.user(), context.redactor());
        Plan switchPlan = new Plan(plan.name(), plan.source(), plan.targets(), plan.hosts(), plan.environment(),
                plan.vars(), plan.switchSteps(), plan.strategy(), List.of(), plan.handlers(), List.of(), List.of(),
                plan.resumeAuto());
        Set<String> names = new LinkedHashSet<>();
        plan.switchSteps().forEach(s -> names.addAll(s.hostSet().names()));
        List<Host> switchHosts = resolve.apply(HostSet.of(List.copyOf(names)));
        PlanRunner runner = new PlanRunner(switchPlan, switchHosts, executor, listener, switchContext, factories,
                PlanJournal.NONE, null, sleeper);
        return runner.run(new Batch(1, 1, switchHosts), options);
    }

    private static Duration timeout(PlanStep step) {
        return switch (step.body()) {
            case PlanStep.Run r -> r.timeout();
            case PlanStep.Script s -> s.timeout();
            default -> null;
        };
    }

    /** A failed step's outcome names the step, so the recap says where a host stopped. */
    private static Outcome label(String what, PlanStep step, Outcome o) {
        if (o.success()) {
            return o;
        }
        String where = what + (step.name().isEmpty() ? "" : " (" + step.name() + ")") + ": ";
        return o.withMessage(where + o.message());
    }

    private static Outcome combine(Outcome before, Outcome now) {
        Status status = !now.success() ? now.status()
                : before.status() == Status.CHANGED || now.status() == Status.CHANGED ? Status.CHANGED : Status.OK;
        String message = now.success() && now.message().isEmpty() ? before.message() : now.message();
        return now.toBuilder().status(status).stdout(before.stdout() + now.stdout())
                .stderr(before.stderr() + now.stderr()).message(message).attempts(before.attempts() + now.attempts())
                .durationMs(before.durationMs() + now.durationMs())
                .startedAt(before.startedAt() == null ? now.startedAt() : before.startedAt()).build();
    }

    /** Passes events on, naming the step in the outcome of a host it failed on. */
    private static class Labelling implements RunListener {
        private final RunListener to;
        private final String what;
        private final PlanStep step;

        Labelling(RunListener to, String what, PlanStep step) {
            this.to = to;
            this.what = what;
            this.step = step;
        }

        @Override
        public void runStarted(int hosts) {
            to.runStarted(hosts);
        }

        @Override
        public void hostStarted(Host host, int attempt) {
            to.hostStarted(host, attempt);
        }

        @Override
        public void outputLine(Host host, dev.muster.core.exec.OutputSink.Stream stream, String line) {
            to.outputLine(host, stream, line);
        }

        @Override
        public void retrying(Host host, Outcome failed, Duration delay) {
            to.retrying(host, failed, delay);
        }

        @Override
        public void hostFinished(Outcome outcome) {
            to.hostFinished(label(what, step, outcome));
        }

        @Override
        public void runFinished(RunResult result) {
            to.runFinished(result);
        }
    }

    /** A step that runs a command built for each host (variables filled in and quoted). */
    static final class CommandPlanStep implements Step {
        private final Function<Host, Step> command;
        private final PlanStep.ChangedWhen changedWhen;
        private final String creates;
        private final String description;

        CommandPlanStep(Function<Host, Step> command, PlanStep.ChangedWhen changedWhen, String creates,
                        String description) {
            this.command = command;
            this.changedWhen = changedWhen;
            this.creates = creates;
            this.description = description;
        }

        @Override
        public StepResult run(StepContext context) throws StepFailure, InterruptedException {
            if (creates != null) {
                var test = context.connection().exec(ExecRequest.of("test -e " + dev.muster.core.step.Shell.quote(creates)));
                if (Integer.valueOf(0).equals(test.exitCode())) {
                    return StepResult.ok(creates + " exists: not run");
                }
            }
            StepResult r = command.apply(context.host()).run(context);
            if (!r.status().success()) {
                return r;
            }
            Status status = changed(r) ? Status.CHANGED : Status.OK;
            return new StepResult(status, null, r.exitCode(), r.signal(), r.stdout(), r.stderr(), r.message());
        }

        private boolean changed(StepResult r) {
            if (changedWhen.always() != null) {
                return changedWhen.always();
            }
            String text = changedWhen.stdout() != null ? r.stdout() : r.stderr();
            String regex = changedWhen.stdout() != null ? changedWhen.stdout() : changedWhen.stderr();
            return java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.MULTILINE).matcher(text).find();
        }

        @Override
        public String describe() {
            return description;
        }
    }

    /** Names for tests and reports. */
    static Collection<String> owedOf(PlanRunner runner, String host) {
        return runner.owed.getOrDefault(host, Set.of());
    }
}
