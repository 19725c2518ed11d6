package dev.muster.cli.command;

import dev.muster.core.store.RunSpec;
import dev.muster.core.store.RunKind;
import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.files.release.Releases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "releases", mixinStandardHelpOptions = true,
        description = {"Which release is current where: the current, previous and kept releases of every host, "
                + "hosts with the same releases folded together.",
                "The release base is --base, else the release step's of --plan, else of the plan the latest apply used.",
                "Exit 0, 1 some host failed (no base there, unreachable), 2 bad input."})
final class ReleasesCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--base", paramLabel = "DIR", description = "The release base on the hosts (holds current, releases/).")
    String base;

    @Option(names = "--plan", paramLabel = "PLAN", description = "Take the base from this plan's release step.")
    Path plan;

    /** SELECTOR, the only positional parameter. */
    @Mixin
    SelectorArg target;

    @Override
    public Integer call() {
        Terminal term = options.terminal();
        try (Workspace ws = new Workspace(options, term)) {
            List<Host> hosts = ws.select(target.selector);
            String dir = base != null ? base : baseFromPlan(ws);
            ws.prepareTransport();
            return new RunLauncher(ws).launch(hosts, Releases.listStep(dir),
                    new RunSpec(RunKind.RELEASES, target.selector, "releases " + dir, Map.of("base", dir), null));
        }
    }

    private String baseFromPlan(Workspace ws) {
        Path file = ReleasePlans.planFile(plan, ws.store());
        if (file == null) {
            throw InputException.option("--base", "no release base: pass --base DIR or --plan PLAN (no apply is "
                    + "recorded in " + options.storeDir() + ")");
        }
        return ReleasePlans.base(ReleasePlans.read(file, ws), options.extraVars);
    }
}
