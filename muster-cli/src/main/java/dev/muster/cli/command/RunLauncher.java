package dev.muster.cli.command;

import dev.muster.cli.output.JsonReporter;
import dev.muster.cli.output.RedactingListener;
import dev.muster.cli.output.TerminalReporter;
import dev.muster.core.RunException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.store.RecordedRuns;
import dev.muster.core.store.RunSpec;
import java.util.List;

/**
 * Runs one step over selected hosts the same way for every command: records the run, wires the
 * reporters, cancels cleanly on Ctrl-C (the recap is still printed), returns the exit code.
 */
final class RunLauncher {
    private final Workspace ws;

    RunLauncher(Workspace ws) {
        this.ws = ws;
    }

    int launch(List<Host> hosts, Step step, RunSpec what) {
        return launch(hosts, step, what, false);
    }

    /** @param diff show output groups as diffs against the largest one (run --diff) */
    int launch(List<Host> hosts, Step step, RunSpec what, boolean diff) {
        if (step instanceof dev.muster.core.secret.UsesVariables uses) {
            // the secrets a template reads: a missing vault password stops here, before any host is contacted
            dev.muster.core.secret.SecretResolver.preflight(hosts, uses.variableNames()::contains);
        }
        CommonOptions o = ws.options();
        var store = ws.store();
        String runId = store.newId();
        var redactor = ws.redactor();
        RecordedRuns.Recording recording = new RecordedRuns(store, redactor)
                .begin(runId, what, hosts.stream().map(Host::name).toList(), store.now());

        var transport = ws.transport();
        RunListener reporter = o.json ? new JsonReporter(ws.term().out(), runId)
                : new TerminalReporter(ws.term(), o.lines ? TerminalReporter.Mode.LINES
                : o.quiet ? TerminalReporter.Mode.QUIET : diff ? TerminalReporter.Mode.DIFF : TerminalReporter.Mode.GATHER,
                transport::stats, runId,
                hosts.stream().mapToInt(h -> h.name().length()).max().orElse(4), o.verbose);
        RunListener listener = new RedactingListener(redactor,
                RunListener.all(List.of(recording, reporter)));

        ExecutorOptions options = o.executorOptions();
        Executor executor = new Executor(transport);
        Executor.RunHandle handle = executor.start(hosts, step, options, listener);
        try (OnInterrupt ignored = ws.options().context().onInterrupt(handle::cancel)) {
            RunResult result = handle.await();
            recording.finish(result.exitCode(), result.counts(), dev.muster.core.exec.Status::key);
            return result.exitCode();
        } catch (InterruptedException e) {
            handle.cancel();
            throw new RunException("interrupted", e);
        }
    }

}
