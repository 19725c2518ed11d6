package dev.muster.cli;

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
import dev.muster.core.inventory.HostSet;
import dev.muster.core.store.RunRecord;
import dev.muster.core.store.RunRecorder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one step over selected hosts the same way for every command: records the run, wires the
 * reporters, cancels cleanly on Ctrl-C (the recap is still printed), returns the exit code.
 */
final class RunLauncher {
    private final Workspace ws;

    RunLauncher(Workspace ws) {
        this.ws = ws;
    }

    /** What is being run, for the run store. */
    record What(String kind, String selector, String command, Map<String, Object> spec, String retryOf) {
    }

    int launch(List<Host> hosts, Step step, What what) {
        return launch(hosts, step, what, false);
    }

    /** @param diff show output groups as diffs against the largest one (run --diff) */
    int launch(List<Host> hosts, Step step, What what, boolean diff) {
        if (step instanceof dev.muster.core.secret.UsesVariables uses) {
            // the secrets a template reads: a missing vault password stops here, before any host is contacted
            dev.muster.core.secret.SecretResolver.preflight(hosts, uses.variableNames()::contains);
        }
        CommonOptions o = ws.options();
        var store = ws.store();
        String runId = store.newId();
        var redactor = ws.redactor();
        store.begin(new RunRecord(runId, what.kind(), what.selector(), redactor.redact(what.command()),
                HostSet.of(hosts.stream().map(Host::name).toList()).fold(), store.now(), null, null, List.of(),
                what.retryOf(), redact(what.spec(), redactor), Map.of()));

        var transport = ws.transport();
        RunListener reporter = o.json ? new JsonReporter(ws.term().out(), runId)
                : new TerminalReporter(ws.term(), o.lines ? TerminalReporter.Mode.LINES
                : o.quiet ? TerminalReporter.Mode.QUIET : diff ? TerminalReporter.Mode.DIFF : TerminalReporter.Mode.GATHER,
                transport::stats, runId,
                hosts.stream().mapToInt(h -> h.name().length()).max().orElse(4), o.verbose);
        RunListener listener = new RedactingListener(redactor,
                RunListener.all(List.of(new RunRecorder(store, runId, redactor), reporter)));

        ExecutorOptions options = o.executorOptions();
        Executor executor = new Executor(transport);
        Executor.RunHandle handle = executor.start(hosts, step, options, listener);
        try (OnInterrupt ignored = new OnInterrupt(handle::cancel)) {
            RunResult result = handle.await();
            store.finish(runId, result.exitCode(), counts(result));
            return result.exitCode();
        } catch (InterruptedException e) {
            handle.cancel();
            throw new RunException("interrupted", e);
        }
    }

    private static Map<String, Integer> counts(RunResult result) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        result.counts().forEach((s, n) -> counts.put(s.key(), n));
        return counts;
    }

    private static Map<String, Object> redact(Map<String, Object> spec, dev.muster.core.Redactor redactor) {
        Map<String, Object> out = new LinkedHashMap<>();
        spec.forEach((k, v) -> out.put(k, v instanceof String s ? redactor.redact(s) : v));
        return out;
    }
}
