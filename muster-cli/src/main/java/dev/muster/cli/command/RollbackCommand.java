package dev.muster.cli.command;

import dev.muster.core.store.RecordedRuns;
import dev.muster.core.store.RunSpec;
import dev.muster.core.store.RunKind;
import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanApply;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanJournal;
import dev.muster.core.plan.PlanStep;
import dev.muster.core.plan.StepKind;
import dev.muster.core.store.FileRunStore;
import dev.muster.core.strategy.StrategySpec;
import dev.muster.files.release.Releases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Switch hosts' current release back to the previous one (or --to a named release), with the "
                + "plan's batches and gates, then run the handlers its release step notifies (e.g. restart).",
                "For a blue_green plan: switch traffic back to the other colour (it was left as it was).",
                "The plan is --plan, else the one the latest apply used; --base DIR switches without a plan, all at once.",
                "Exit 0 every host switched, 1 some host failed, 2 bad input."})
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--to", paramLabel = "RELEASE", defaultValue = Releases.PREVIOUS,
            description = "'previous' (the release the current one replaced) or a release id. Default: ${DEFAULT-VALUE}.")
    String to;

    @Option(names = "--plan", paramLabel = "PLAN", description = "The plan whose base, batches, gates and handlers to use.")
    Path plan;

    @Option(names = "--base", paramLabel = "DIR", description = "The release base on the hosts, without a plan.")
    String base;

    @Option(names = "--yes", description = "Confirm for hosts of a protected environment.")
    boolean yes;

    @Option(names = "--check", description = "Report what would switch; change nothing.")
    boolean check;

    /** SELECTOR, the only positional parameter. */
    @Mixin
    SelectorArg target;

    @Mixin
    RelayOptions relay = new RelayOptions();

    @Override
    public Integer call() {
        Terminal term = options.terminal();
        try (Workspace ws = new Workspace(options, term)) {
            List<Host> selected = ws.select(target.selector);
            FileRunStore store = ws.store();
            Path planFile = base == null ? ReleasePlans.planFile(plan, store) : plan;
            if (planFile == null && base == null) {
                throw InputException.option("--plan", "nothing says where the releases are: pass --plan PLAN or "
                        + "--base DIR (no apply is recorded in " + options.storeDir() + ")");
            }
            Plan p = planFile == null ? null : ReleasePlans.read(planFile, ws);
            if (!check) {
                ApplyCommand.confirmProtected(ws, selected, yes, "rollback");
            }
            ws.prepareTransport();
            ws.relayed(relay, selected);
            if (p == null) {
                Step step = Releases.switchStep(base, to, System.getProperty("user.name"), null, check);
                return new RunLauncher(ws).launch(selected, step, new RunSpec(RunKind.ROLLBACK, target.selector,
                        "rollback to " + to + " in " + base, Map.of("base", base, "to", to), null));
            }
            return withPlan(ws, store, p, planFile, selected, term);
        }
    }

    private int withPlan(Workspace ws, FileRunStore store, Plan p, Path planFile, List<Host> selected, Terminal term) {
        List<Host> hosts = selected.stream().filter(h -> p.hosts().contains(h.name())).toList();
        if (hosts.isEmpty()) {
            throw new InputException(target.selector + " selects none of plan " + p.name() + "'s hosts ("
                    + p.hosts().fold() + ")");
        }
        String runId = store.newId();
        Map<String, Object> vars = ReleasePlans.vars(p, options.extraVars);
        PlanContext planContext = new PlanContext(vars, check, false, planFile.toAbsolutePath().getParent(), runId,
                System.getProperty("user.name"), ws.redactor());
        Executor executor = new Executor(ws.transport());
        ExecutorOptions executorOptions = options.executorOptions();
        ApplyPrinter printer = new ApplyPrinter(term.out(), ws.redactor(), check);
        RecordedRuns.Recording recording = new RecordedRuns(store, ws.redactor()).begin(runId,
                new RunSpec(RunKind.ROLLBACK, target.selector, "rollback " + planFile + " to " + to,
                        Map.of("plan", planFile.toAbsolutePath().normalize().toString(), "to", to)),
                hosts.stream().map(Host::name).toList(), store.now());
        PlanApply.Result result;
        if (p.strategy().kind() == StrategySpec.Kind.BLUE_GREEN && base == null) {
            PlanApply apply = new PlanApply(p, ws.inventory(), executor, planContext, PlanFactories.of(ws.transport()), store)
                    .withOverrides(ws::withOverrides);
            term.out().println("rollback " + p.name() + " (run " + runId + "): switching traffic from "
                    + apply.liveColour() + " back to " + apply.idleColour());
            try {
                result = apply.switchBack(executorOptions, printer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        } else {
            String dir = base != null ? base : ReleasePlans.base(p, options.extraVars);
            PlanStep release = p.releaseStep().orElseThrow();
            PlanStep switchStep = new PlanStep(StepKind.RELEASE, "rollback", null, p.hosts(), null, release.notifies(),
                    new PlanStep.Built(Releases.switchStep(dir, to, planContext.user(), runId, check),
                            "switch " + dir + "/current to " + to), release.source(), release.line());
            Plan rollback = p.withSteps(List.of(switchStep));
            PlanApply apply = new PlanApply(rollback, ws.inventory(), executor, planContext, PlanFactories.of(ws.transport()),
                    store).withOverrides(ws::withOverrides);
            printer.header(check ? "check" : "rollback", rollback, hosts, options.forks, runId, false, null, null);
            result = apply.apply(hosts, executorOptions, printer, new PlanJournal(store, runId), null, Thread::sleep);
        }
        printer.recap(result);
        recording.outcomes(result.rollout().outcomes());
        recording.finish(result.exitCode(), Map.of());
        return result.exitCode();
    }
}
