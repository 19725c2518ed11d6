package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.core.store.FileRunStore;
import dev.muster.core.store.RunStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve what a running `muster apply` waits for at an approve step.",
                "Exit 0 approved, 1 the run waits for nothing, 2 no such run."})
final class ApproveCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id `muster apply` printed.")
    String runId;

    @Override
    public Integer call() {
        FileRunStore store = new FileRunStore(options.storeDir());
        if (store.load(runId).isEmpty()) {
            throw InputException.option("RUN", "no run " + runId + " in " + options.storeDir());
        }
        Optional<RunStore.Approval> pending = store.pendingApproval(runId);
        if (pending.isEmpty() || !store.approve(runId, System.getProperty("user.name"))) {
            spec.commandLine().getErr().println("run " + runId + " is not waiting for an approval");
            return 1;
        }
        spec.commandLine().getOut().println("approved: " + pending.get().message());
        return 0;
    }
}
