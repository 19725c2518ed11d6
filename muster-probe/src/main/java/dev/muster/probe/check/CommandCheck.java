package dev.muster.probe.check;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.FailureKind;
import java.time.Duration;

/** A command on the host over SSH: passes when it exits 0 within the timeout. */
record CommandCheck(String command, Duration timeout) implements HealthCheck {
    @Override
    public Probe probe(StepContext context) throws StepFailure, InterruptedException {
        var connection = context.connection();   // connecting is not part of the command's latency
        long start = System.nanoTime();
        ExecResult r;
        try {
            r = connection.exec(ExecRequest.of(command).withTimeout(timeout));
        } catch (StepFailure f) {
            if (f.kind() == FailureKind.TIMEOUT) {
                return Probe.fail("timed out after " + Durations.text(timeout), null, null);
            }
            throw f;
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (r.succeeded()) {
            return Probe.pass(ms, null);
        }
        String why = r.signal() != null ? "killed by signal " + r.signal()
                : r.exitCode() == null ? "no exit status" : "exit " + r.exitCode();
        String said = firstLine(r.stderrText().isBlank() ? r.stdoutText() : r.stderrText());
        return Probe.fail(said.isEmpty() ? why : why + ": " + said, ms, null);
    }

    static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        String line = nl < 0 ? t : t.substring(0, nl).strip();
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    @Override
    public String describe() {
        return "cmd " + command;
    }
}
