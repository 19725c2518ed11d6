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

/**
 * Runs one command over a new exec channel of a pooled session. Completion is the channel's
 * CLOSED event, not the exit status, so trailing output is never lost.
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
        ChannelExec channel = openChannel(request, deadline);
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
            awaitClosed(closed, deadline, request);
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

    private ChannelExec openChannel(ExecRequest request, long deadline) throws StepFailure, InterruptedException {
        ChannelExec channel;
        try {
            channel = session.createExecChannel(request.command());
        } catch (IOException | RuntimeException e) {
            throw alive() ? new StepFailure(FailureKind.CHANNEL_FAILED, label + ": cannot create a channel: "
                    + Failures.describe(e), e) : lost("session is closed", e);
        }
        channel.setOut(new Capture(OutputSink.Stream.STDOUT, request.sink(), request.maxCapture()));
        channel.setErr(new Capture(OutputSink.Stream.STDERR, request.sink(), request.maxCapture()));
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

    private void awaitClosed(CompletableFuture<Void> closed, long deadline, ExecRequest request)
            throws StepFailure, InterruptedException {
        try {
            if (deadline == Long.MAX_VALUE) {
                closed.get();
            } else {
                closed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw timeout(request);
        } catch (ExecutionException e) {
            throw new StepFailure(FailureKind.INTERNAL, label + ": " + e.getCause(), e.getCause());
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
