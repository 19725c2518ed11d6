package dev.muster.cli.command;

import dev.muster.core.exec.Executor;
import dev.muster.core.plan.PlanApply;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanJournal;
import java.util.Map;

import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.RunException;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a plan against the inventory and show what it would do: hosts, steps, batches. "
                + "Every step is built as apply would (variables, -e values, templates, artifacts and their "
                + "checksums and signatures), but no host is contacted. Exit 0 when valid, 2 with every problem "
                + "(file:line:col) when not.")
final class PlanCheckCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file (YAML).")
    Path planFile;

    @Override
    public Integer call() {
        Terminal term = options.terminal();
        try (Workspace ws = new Workspace(options, term)) {
            // Inventory problems are reported as for every command; what follows is about the plan.
            Inventory inventory;
            try {
                inventory = ws.inventory();
            } catch (RunException noInventory) {
                return checkUnresolved(term, noInventory);
            }
            Plan plan;
            try {
                plan = PlanReader.read(planFile, inventory);
                build(plan, ws);
            } catch (InputException e) {
                return problems(term, e);
            }
            PrintWriter out = term.out();
            PlanSummary.lines(plan, options.forks).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * Without an inventory the plan's own problems are still reported (exit 2); its targets are
     * said to be unresolved on a line of their own, and a plan with no problem of its own exits 3.
     */
    private int checkUnresolved(Terminal term, RunException noInventory) {
        PrintWriter err = term.err();
        try {
            PlanReader.readUnresolved(planFile);
        } catch (InputException e) {
            int code = problems(term, e);
            err.println("plan check: targets not resolved: " + noInventory.getMessage());
            err.flush();
            return code;
        }
        err.println("plan check: " + planFile + " has no problem of its own, but its targets could not be resolved: "
                + noInventory.getMessage());
        err.flush();
        return noInventory.exitCode();
    }

    private int problems(Terminal term, InputException e) {
        PrintWriter err = term.err();
        e.problems().forEach(p -> err.println(p.getMessage()));
        err.println("plan check: " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                + " in " + planFile + "; nothing would run");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /** Builds every step and gate as `muster apply` would, so what only building finds is reported too. */
    private void build(Plan plan, Workspace ws) {
        Map<String, Object> vars = ReleasePlans.vars(plan, options.extraVars);
        PlanContext planContext = new PlanContext(vars, true, false, planFile.toAbsolutePath().getParent(), "",
                System.getProperty("user.name"), ws.redactor());
        Executor executor = new Executor(ws.transport());
        if (!plan.groups().isEmpty()) {
            new dev.muster.core.plan.GroupApply(plan, ws.inventory(), executor, planContext, PlanFactories.of(ws.transport()),
                    null, java.time.Clock.systemUTC(), d -> { }, false)
                    .prepare(ws.withOverrides(ws.inventory().hosts(plan.hosts())), g -> new Silent(), (g, s) -> { },
                            PlanJournal.NONE, null, d -> { });
            return;
        }
        new PlanApply(plan, ws.inventory(), executor, planContext, PlanFactories.of(ws.transport()), null)
                .prepare(ws.withOverrides(ws.inventory().hosts(plan.hosts())), new Silent(), PlanJournal.NONE, null,
                        d -> { });
    }

    /** Hears nothing: building runs nothing. */
    private static final class Silent implements dev.muster.core.exec.RunListener,
            dev.muster.core.strategy.RolloutListener {
    }
}
