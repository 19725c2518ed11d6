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
 * @param stdinStream streamed to standard input instead of {@code stdin} when not null (large
 *                    input such as a tar stream, never held whole in memory)
 */
public record ExecRequest(String command, byte[] stdin, Duration timeout, OutputSink sink,
                          int maxCapture, StdinSource stdinStream) {

    /** Opens the bytes to stream to a command's standard input; called once per attempt. */
    @FunctionalInterface
    public interface StdinSource {
        java.io.InputStream open() throws java.io.IOException;
    }

    public ExecRequest(String command, byte[] stdin, Duration timeout, OutputSink sink, int maxCapture) {
        this(command, stdin, timeout, sink, maxCapture, null);
    }

    public static final int DEFAULT_MAX_CAPTURE = 1 << 20;

    /**
     * How long a command's output may stay open, with nothing more arriving, once the command
     * has exited: after that the host fails with {@link FailureKind#OUTPUT_NOT_CLOSED} rather than
     * waiting for a background process that holds stdout or stderr (as {@code ssh} would).
     */
    public static final Duration OUTPUT_CLOSE_GRACE = Duration.ofSeconds(5);

    public ExecRequest {
        Objects.requireNonNull(command, "command");
        if (maxCapture <= 0) {
            maxCapture = DEFAULT_MAX_CAPTURE;
        }
    }

    public static ExecRequest of(String command) {
        return new ExecRequest(command, null, null, null, DEFAULT_MAX_CAPTURE);
    }

    public ExecRequest withCommand(String command) {
        return new ExecRequest(command, stdin, timeout, sink, maxCapture, stdinStream);
    }

    public ExecRequest withTimeout(Duration timeout) {
        return new ExecRequest(command, stdin, timeout, sink, maxCapture, stdinStream);
    }

    public ExecRequest withSink(OutputSink sink) {
        return new ExecRequest(command, stdin, timeout, sink, maxCapture, stdinStream);
    }

    public ExecRequest withStdin(byte[] stdin) {
        return new ExecRequest(command, stdin, timeout, sink, maxCapture, null);
    }

    public ExecRequest withStdin(StdinSource stream) {
        return new ExecRequest(command, null, timeout, sink, maxCapture, stream);
    }

    /** True when the command gets standard input (bytes or a stream). */
    public boolean hasStdin() {
        return stdinStream != null || (stdin != null && stdin.length > 0);
    }

    /** Opens standard input as a stream (empty when there is none). */
    public java.io.InputStream openStdin() throws java.io.IOException {
        if (stdinStream != null) {
            return stdinStream.open();
        }
        return new java.io.ByteArrayInputStream(stdin == null ? new byte[0] : stdin);
    }
}
