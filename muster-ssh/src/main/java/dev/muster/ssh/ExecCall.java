package dev.muster.ssh;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.StepFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;

/**
 * Runs one command over a new exec channel of a pooled session. Completion is the channel's
 * CLOSED event, not the exit status, so trailing output is never lost. Once the exit status is
 * in, the output may stay open only while it keeps arriving: sshd keeps the channel open for as
 * long as a background process holds the command's stdout or stderr, and after
 * {@link ExecRequest#OUTPUT_CLOSE_GRACE} with nothing new the host fails "output did not close".
 */
final class ExecCall {
    private final ClientSession session;
    private final String label;

    ExecCall(ClientSession session, String label) {
        this.session = session;
        this.label = label;
    }

    ExecResult run(ExecRequest request) throws StepFailure, InterruptedException {
        long deadline = Futures.deadline(request.timeout());
        Ending ending = new Ending();
        ChannelExec channel = openChannel(request, deadline, ending);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.addCloseFutureListener(f -> closed.complete(null));
        Capture out = (Capture) channel.getOut();
        Capture err = (Capture) channel.getErr();
        // stdin is written on its own thread so the timeout and interrupts apply while the
        // remote window is full; closing the channel unblocks the writer.
        Thread writer = !request.hasStdin() ? null
                : Thread.ofVirtual().name("muster-ssh-stdin").start(() -> sendStdin(channel, request));
        if (writer == null) {
            sendStdin(channel, null);
        }
        try {
            awaitClosed(closed, ending, deadline, request, channel, out, err);
        } catch (InterruptedException | StepFailure e) {
            channel.close(true);
            if (writer != null) {
                writer.interrupt();
            }
            throw e;
        }
        Integer status = channel.getExitStatus();
        String signal = channel.getExitSignal();
        if (status == null && signal == null && !alive()) {
            throw lost("the session closed while '" + request.command() + "' was running", null);
        }
        return new ExecResult(signal != null ? null : status, signal, out.bytes(), err.bytes(),
                out.truncated() || err.truncated());
    }

    private ChannelExec openChannel(ExecRequest request, long deadline, Ending ending)
            throws StepFailure, InterruptedException {
        ChannelExec channel;
        try {
            channel = session.createExecChannel(request.command());
        } catch (IOException | RuntimeException e) {
            throw alive() ? new StepFailure(FailureKind.CHANNEL_FAILED, label + ": cannot create a channel: "
                    + Failures.describe(e), e) : lost("session is closed", e);
        }
        channel.setOut(new Capture(OutputSink.Stream.STDOUT, request.sink(), request.maxCapture()));
        channel.setErr(new Capture(OutputSink.Stream.STDERR, request.sink(), request.maxCapture()));
        channel.addChannelListener(ending);
        try {
            OpenFuture opened = Futures.await(channel.open(), deadline);
            if (opened == null) {
                channel.close(true);
                throw timeout(request);
            }
            if (!opened.isOpened()) {
                Throwable why = opened.getException();
                throw alive() ? new StepFailure(FailureKind.CHANNEL_FAILED, label + ": server refused a channel: "
                        + (why == null ? "no reason given" : Failures.describe(why)), why)
                        : lost("session closed while opening a channel", why);
            }
            return channel;
        } catch (IOException e) {
            channel.close(true);
            throw alive() ? new StepFailure(FailureKind.CHANNEL_FAILED, label + ": cannot open a channel: "
                    + Failures.describe(e), e) : lost("session closed while opening a channel", e);
        } catch (InterruptedException e) {
            channel.close(true);
            throw e;
        }
    }

    /** Writes stdin (if any) then EOF; a command that exits without reading it is not an error. */
    private static void sendStdin(ChannelExec channel, ExecRequest request) {
        OutputStream in = channel.getInvertedIn();
        try (in) {
            if (request != null) {
                try (java.io.InputStream from = request.openStdin()) {
                    from.transferTo(in);
                }
                in.flush();
            }
        } catch (IOException commandStoppedReadingOrChannelClosed) {
            // The exit status, output or the caller's timeout tell what happened.
        }
    }

    /**
     * Waits for CLOSED until the deadline; once the exit status is in, only while output keeps
     * arriving within the grace.
     */
    private void awaitClosed(CompletableFuture<Void> closed, Ending ending, long deadline, ExecRequest request,
                             ChannelExec channel, Capture out, Capture err) throws StepFailure, InterruptedException {
        long grace = ExecRequest.OUTPUT_CLOSE_GRACE.toNanos();
        try {
            while (true) {
                long now = System.nanoTime();
                long until = deadline;
                CompletableFuture<?> next = closed;
                long exitedAt = ending.exitedAt;
                if (exitedAt == 0) {
                    next = CompletableFuture.anyOf(closed, ending.exited);
                } else {
                    long quietSince = Math.max(exitedAt, Math.max(out.lastWrite(), err.lastWrite()));
                    if (quietSince + grace - now <= 0) {
                        throw StepFailure.outputNotClosed(endingOf(channel));
                    }
                    until = Math.min(deadline, quietSince + grace);
                }
                try {
                    if (until == Long.MAX_VALUE) {
                        next.get();
                    } else {
                        next.get(Math.max(0, until - now), TimeUnit.NANOSECONDS);
                    }
                } catch (TimeoutException e) {
                    if (deadline - System.nanoTime() <= 0) {
                        throw timeout(request);
                    }
                }
                if (closed.isDone()) {
                    return;
                }
            }
        } catch (ExecutionException e) {
            throw new StepFailure(FailureKind.INTERNAL, label + ": " + e.getCause(), e.getCause());
        }
    }

    private static String endingOf(ChannelExec channel) {
        String signal = channel.getExitSignal();
        return signal != null ? "was killed by SIG" + signal : "exited with " + channel.getExitStatus();
    }

    /** Notes when the exit status (or signal) of the command arrives. */
    private static final class Ending implements ChannelListener {
        final CompletableFuture<Void> exited = new CompletableFuture<>();
        volatile long exitedAt;

        @Override
        public void channelStateChanged(Channel channel, String hint) {
            if (("exit-status".equals(hint) || "exit-signal".equals(hint)) && exitedAt == 0) {
                exitedAt = System.nanoTime() | 1; // never 0, which means "not yet"
                exited.complete(null);
            }
        }
    }

    private StepFailure timeout(ExecRequest request) {
        return new StepFailure(FailureKind.TIMEOUT, label + ": '" + request.command() + "' did not finish within "
                + request.timeout().toMillis() + " ms; its channel was closed");
    }

    private StepFailure lost(String why, Throwable cause) {
        return new StepFailure(FailureKind.CONNECTION_LOST, label + ": connection lost: " + why, cause);
    }

    private boolean alive() {
        return session.isOpen() && !session.isClosing();
    }
}
