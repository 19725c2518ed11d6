package dev.muster.cli;

import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RetryPolicy;
import dev.muster.core.inventory.Host;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanReader;
import dev.muster.core.plan.PlanRunner;
import dev.muster.core.strategy.Rollback;
import dev.muster.core.strategy.Rollout;
import dev.muster.core.strategy.RolloutResult;
import dev.muster.core.strategy.StrategySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Run a plan's steps batch by batch as its strategy says (all or rolling; run and script "
                + "steps so far). Exit 0 every host deployed, 1 some host failed or was skipped, 2 bad plan.")
final class ApplyCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file (YAML).")
    Path planFile;

    @Option(names = "--yes", description = "Confirm applying to hosts of a protected environment.")
    boolean yes;

    @Override
    public Integer call() {
        Terminal term = Terminal.detect(spec.commandLine().getOut(), spec.commandLine().getErr());
        try (Workspace ws = new Workspace(options, term)) {
            Plan plan = PlanReader.read(planFile, ws.inventory());
            List<Host> hosts = ws.withOverrides(ws.inventory().hosts(plan.hosts()));
            refuseWhatCannotRunYet(plan);
            confirmProtected(ws, hosts);
            ws.prepareTransport();
            ApplyPrinter printer = new ApplyPrinter(term.out(), ws.redactor());
            PlanRunner runner = new PlanRunner(plan, new Executor(ws.transport()), printer);
            ExecutorOptions executorOptions = new ExecutorOptions(options.forks, options.timeoutOrNull(),
                    options.deadline, new RetryPolicy(options.retries + 1, Duration.ofMillis(250), Duration.ofSeconds(5)), 0);
            term.out().println("apply " + plan.name() + ": " + PlanSummary.strategy(plan.strategy(), hosts.size(),
                    options.forks));
            RolloutResult result = new Rollout(runner).run(hosts, plan.strategy(), executorOptions, List.of(),
                    Rollback.NONE, printer);
            printer.recap(result);
            return result.exitCode();
        }
    }

    private static void refuseWhatCannotRunYet(Plan plan) {
        List<InputException> problems = new ArrayList<>();
        if (plan.strategy().kind() == StrategySpec.Kind.BLUE_GREEN) {
            problems.add(new InputException(plan.source(), 0, 0, "blue_green strategies cannot be applied yet"));
        }
        for (Plan.GateSpec gate : plan.gates()) {
            problems.add(new InputException(plan.source(), gate.line(), 0,
                    "gates cannot be applied yet (muster plan check validates them)"));
        }
        if (!problems.isEmpty()) {
            throw problems.size() == 1 ? problems.getFirst() : new InputException(problems);
        }
    }

    private void confirmProtected(Workspace ws, List<Host> hosts) {
        List<String> protectedEnvs = hosts.stream().map(Host::environment).filter(ws.inventory()::isProtected)
                .distinct().sorted().toList();
        if (!protectedEnvs.isEmpty() && !yes) {
            throw new InputException("the plan targets " + hosts.size() + " hosts including protected environment "
                    + String.join(", ", protectedEnvs) + ": pass --yes to apply");
        }
    }
}
