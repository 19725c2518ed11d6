package dev.muster.core.exec;

import java.nio.charset.StandardCharsets;

/**
 * The result of one finished command.
 *
 * @param exitCode  the exit status, or null when the command was killed by a signal or the
 *                  server sent none
 * @param signal    signal name when killed by one (e.g. "KILL"), else null
 * @param stdout    captured standard output (at most the request's maxCapture bytes)
 * @param stderr    captured standard error
 * @param truncated true when output beyond maxCapture was dropped
 */
public record ExecResult(Integer exitCode, String signal, byte[] stdout, byte[] stderr,
                         boolean truncated) {

    public ExecResult {
        stdout = stdout == null ? new byte[0] : stdout;
        stderr = stderr == null ? new byte[0] : stderr;
    }

    public boolean succeeded() {
        return exitCode != null && exitCode == 0 && signal == null;
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
