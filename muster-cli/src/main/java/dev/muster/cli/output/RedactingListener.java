package dev.muster.cli.output;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import java.time.Duration;

/** Masks secrets in everything a listener sees, so no reporter can print one by mistake. */
public record RedactingListener(Redactor redactor, RunListener next) implements RunListener {

    @Override
    public void runStarted(int hosts) {
        next.runStarted(hosts);
    }

    @Override
    public void hostStarted(Host host, int attempt) {
        next.hostStarted(host, attempt);
    }

    @Override
    public void outputLine(Host host, OutputSink.Stream stream, String line) {
        next.outputLine(host, stream, redactor.redact(line));
    }

    @Override
    public void retrying(Host host, Outcome failed, Duration delay) {
        next.retrying(host, failed.redacted(redactor), delay);
    }

    @Override
    public void hostFinished(Outcome outcome) {
        next.hostFinished(outcome.redacted(redactor));
    }

    @Override
    public void runFinished(RunResult result) {
        next.runFinished(new RunResult(result.outcomes().stream().map(o -> o.redacted(redactor)).toList(),
                result.startedAt(), result.duration(), result.cancelled()));
    }
}
