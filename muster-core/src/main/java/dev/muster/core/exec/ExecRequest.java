package dev.muster.core.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * One remote command.
 *
 * @param command     the command line, handed to the remote user's shell as is
 * @param stdin       bytes written to the command's standard input then closed, or null
 * @param timeout     how long to wait for the command before it is closed and reported as
 *                    timed out; null for no limit
 * @param sink        receives output as it arrives (for --lines), or null
 * @param maxCapture  at most this many bytes of each stream are kept in the result
 */
public record ExecRequest(String command, byte[] stdin, Duration timeout, OutputSink sink,
                          int maxCapture) {

    public static final int DEFAULT_MAX_CAPTURE = 1 << 20;

    public ExecRequest {
        Objects.requireNonNull(command, "command");
        if (maxCapture <= 0) {
            maxCapture = DEFAULT_MAX_CAPTURE;
        }
    }

    public static ExecRequest of(String command) {
        return new ExecRequest(command, null, null, null, DEFAULT_MAX_CAPTURE);
    }

    public ExecRequest withTimeout(Duration timeout) {
        return new ExecRequest(command, stdin, timeout, sink, maxCapture);
    }

    public ExecRequest withSink(OutputSink sink) {
        return new ExecRequest(command, stdin, timeout, sink, maxCapture);
    }

    public ExecRequest withStdin(byte[] stdin) {
        return new ExecRequest(command, stdin, timeout, sink, maxCapture);
    }
}
