package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanApply;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanJournal;
import dev.muster.core.plan.PlanReader;
import dev.muster.core.store.FileRunStore;
import dev.muster.core.store.RunRecord;
import dev.muster.core.store.RunSpec;
import dev.muster.core.store.RunKind;
import dev.muster.core.store.PlanRunSpec;
import dev.muster.core.store.RecordedRuns;
import dev.muster.core.strategy.StrategySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Run a plan batch by batch as its strategy says (all, rolling, blue_green), gating each batch "
                + "with the plan's health checks and rolling back a batch whose gate fails.",
                "Every step's end on every host is written to the run store as it happens, so --resume RUN continues "
                        + "an interrupted run: steps done are skipped, steps in flight run again, owed handlers run.",
                "Exit 0 every host deployed, 1 some host failed, was rolled back or skipped, 2 bad plan, 130 interrupted."})
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file (YAML).")
    Path planFile;

    @Mixin
    RelayOptions relay = new RelayOptions();

    @Option(names = "--yes", description = "Confirm applying to hosts of a protected environment.")
    boolean yes;

    @Option(names = "--check", description = "Dry run: report what each batch would change; change nothing, run no "
            + "commands, no gates.")
    boolean check;

    @Option(names = "--diff", description = "Show diffs of the text files push, template and release steps change.")
    boolean diff;

    @Option(names = "--timings", description = "Print how long each batch's steps and gates took.")
    boolean timings;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue run RUN of this plan where it stopped "
            + "(pass the same -e values).")
    String resume;

    @Option(names = "--wait-window", description = "When a group's maintenance window is closed, wait for its next "
            + "opening instead of pausing the group (a paused run continues with --resume RUN).")
    boolean waitWindow;

    @Option(names = "--override-window", paramLabel = "WINDOW", description = "Start units of the groups gated by "
            + "WINDOW even while it is closed (needs --reason; every unit started so is recorded in the run).")
    List<String> overrideWindows = new java.util.ArrayList<>();

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why a closed window is overridden (recorded with "
            + "your user name in the run).")
    String reason;

    @Override
    public Integer call() {
        Terminal term = options.terminal();
        try (Workspace ws = new Workspace(options, term)) {
            Plan plan = PlanReader.read(planFile, ws.inventory());
            FileRunStore store = ws.store();
            ServerPlanResume onServerStore = new ServerPlanResume(options, term.out(), term.err());
            if (resume != null && !check && onServerStore.applies() && store.load(resume).isEmpty()) {
                return onServerStore.resume(resume, planFile, ws);
            }
            PlanRunSpec planSpec = PlanRunSpec.of(planFile, options.extraVars, check);
            RunRecord earlier = resume == null ? null
                    : planSpec.resumable(store, resume, planFile, options.storeDir().toString());
            List<Host> planHosts = ws.withOverrides(ws.inventory().hosts(plan.hosts()));
            String runId = earlier != null ? earlier.id() : store.newId();
            PlanContext planContext = new PlanContext(ReleasePlans.vars(plan, options.extraVars), check, diff,
                    planFile.toAbsolutePath().getParent(), runId, System.getProperty("user.name"), ws.redactor());
            ws.prepareTransport();
            ws.relayed(relay, planHosts);
            Executor executor = new Executor(ws.transport());
            if (plan.groups().isEmpty() && !overrideWindows.isEmpty()) {
                throw new InputException("--override-window is for plans with groups: " + planFile + " has none");
            }
            if (!plan.groups().isEmpty()) {
                return applyGroups(ws, plan, planHosts, planSpec, earlier, runId, planContext, executor);
            }
            PlanApply apply = new PlanApply(plan, ws.inventory(), executor, planContext, PlanFactories.of(ws.transport()), store)
                    .withOverrides(ws::withOverrides);
            List<Host> hosts = apply.hosts(planHosts);
            if (!check) {
                confirmProtected(ws, hosts, yes, "apply " + planFile);
            }
            PlanJournal journal = new PlanJournal(store, runId);
            PlanJournal.Resume resumed = earlier == null ? null : journal.resume();
            ApplyPrinter printer = new ApplyPrinter(term.out(), ws.redactor(), check || diff);
            printer.timings = timings;
            Interruption interruption = new Interruption();
            PlanApply.Prepared prepared = apply.prepare(planHosts, printer, journal, resumed, interruption::pause);
            RecordedRuns runs = new RecordedRuns(store, ws.redactor());
            RecordedRuns.Recording recording = earlier != null ? runs.reopen(runId)
                    : runs.begin(runId, new RunSpec(check ? RunKind.APPLY_CHECK : RunKind.APPLY, plan.targets(),
                    "apply " + planFile, planSpec.details()), hosts.stream().map(Host::name).toList(), store.now());
            ExecutorOptions executorOptions = options.executorOptions();
            printer.header(check ? "check" : "apply", plan, hosts, options.forks, runId, earlier != null, resumed,
                    plan.strategy().kind() == StrategySpec.Kind.BLUE_GREEN ? apply.liveColour() : null);
            // Ctrl-C stops the batch in flight and any pause or approval wait; the recap still follows.
            try (OnInterrupt ignored = options.context().onInterrupt(() -> {
                interruption.fire();
                executor.cancelAll();
            })) {
                PlanApply.Result result = prepared.run(executorOptions);
                printer.recap(result);
                if (!check && result.exitCode() != 0 && !result.rollout().cancelled()
                        && plan.releaseStep().isPresent()) {
                    printer.releasesNow(releasesNow(plan, planHosts, executor, executorOptions));
                }
                recording.outcomes(result.rollout().outcomes());
                recording.finish(result.exitCode(), result.rollout().stateCounts(), s -> s.key());
                return result.exitCode();
            }
        }
    }

    /** A plan with groups: each group its own rollout, in dependency order (see {@link ApplyGroups}). */
    private int applyGroups(Workspace ws, Plan plan, List<Host> planHosts, PlanRunSpec planSpec, RunRecord earlier,
                            String runId, PlanContext planContext, Executor executor) {
        FileRunStore store = ws.store();
        if (!check) {
            confirmProtected(ws, planHosts, yes, "apply " + planFile);
        }
        PlanJournal journal = new PlanJournal(store, runId);
        PlanJournal.Resume resumed = earlier == null ? null : journal.resume();
        Interruption interruption = new Interruption();
        dev.muster.core.plan.GroupApply apply = new dev.muster.core.plan.GroupApply(plan, ws.inventory(), executor,
                planContext, PlanFactories.of(ws.transport()), store, java.time.Clock.systemUTC(), interruption::pause,
                waitWindow);
        if (!overrideWindows.isEmpty()) {
            if (reason == null || reason.isBlank()) {
                throw new InputException("--override-window needs --reason: why the window is overridden (recorded "
                        + "in the run)");
            }
            Map<String, String> reasons = new java.util.LinkedHashMap<>();
            overrideWindows.forEach(w -> reasons.put(w, reason));
            apply.overrideWindows(reasons);
        }
        RecordedRuns runs = new RecordedRuns(store, ws.redactor());
        ApplyGroups groups = new ApplyGroups(plan, options.terminal(), store, runId);
        try (OnInterrupt ignored = options.context().onInterrupt(() -> {
            interruption.fire();
            executor.cancelAll();
        })) {
            return groups.run(apply, planHosts, journal, resumed, interruption::pause, options.executorOptions(), check,
                    diff, timings, ws.redactor(), () -> earlier != null ? runs.reopen(runId)
                            : runs.begin(runId, new RunSpec(check ? RunKind.APPLY_CHECK : RunKind.APPLY, plan.targets(),
                            "apply " + planFile, planSpec.details()), planHosts.stream().map(Host::name).toList(),
                            store.now()), earlier != null, options.forks);
        }
    }

    /** Pauses between batches (and approval waits) that Ctrl-C ends at once. */
    private static final class Interruption {
        private final java.util.concurrent.CountDownLatch fired = new java.util.concurrent.CountDownLatch(1);

        void pause(java.time.Duration duration) throws InterruptedException {
            if (fired.await(duration.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw new InterruptedException("interrupted");
            }
        }

        void fire() {
            fired.countDown();
        }
    }

    /**
     * After a run that did not deploy everywhere: which release each host is on now, read from the
     * hosts (one short command each), hosts on the same release folded.
     */
    private Map<String, List<String>> releasesNow(Plan plan, List<Host> hosts, Executor executor,
                                                  ExecutorOptions executorOptions) {
        Map<String, List<String>> byRelease = new java.util.TreeMap<>();
        try {
            String base = ReleasePlans.base(plan, options.extraVars);
            var listed = executor.run(hosts, dev.muster.files.release.Releases.listStep(base), executorOptions,
                    new dev.muster.core.exec.RunListener() { });
            for (var o : listed.outcomes()) {
                String current = o.success() ? dev.muster.files.release.Releases.parse(o.stdout()).current() : null;
                byRelease.computeIfAbsent(current == null ? (o.success() ? "(none)" : "unknown: " + o.message())
                        : current, k -> new java.util.ArrayList<>()).add(o.host());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return byRelease;
    }

    /** Protected environments need --yes, or "yes" typed at a terminal after seeing how many hosts. */
    static void confirmProtected(Workspace ws, List<Host> hosts, boolean yes, String action) {
        List<String> protectedEnvs = hosts.stream().map(Host::environment).filter(ws.inventory()::isProtected)
                .distinct().sorted().toList();
        if (protectedEnvs.isEmpty() || yes) {
            return;
        }
        String what = hosts.size() + " hosts (" + fold(hosts) + ") in protected environment "
                + String.join(", ", protectedEnvs);
        java.io.Console console = System.console();
        if (console != null && ws.options().context().tty()) {
            String answer = console.readLine("%s on %s? type yes to go on: ", action, what);
            if (answer != null && answer.strip().equals("yes")) {
                return;
            }
            throw new InputException("not confirmed: nothing was applied");
        }
        throw new InputException(action + " targets " + what + ": pass --yes to go on");
    }

    private static String fold(List<Host> hosts) {
        return HostSet.of(hosts.stream().map(Host::name).toList()).fold();
    }
}
