package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.StepFailure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecTest extends SshTestSupport {
    TestServer server;
    SshTransport ssh;

    @BeforeEach
    void start() throws Exception {
        server = server();
        ssh = transport();
    }

    private ExecResult run(ExecRequest request) throws Exception {
        try (Connection c = ssh.connect(host(server))) {
            return c.exec(request);
        }
    }

    @Test
    void commandOutputAndZeroExitAreReturned() throws Exception {
        ExecResult r = run(ExecRequest.of("echo hello fleet"));

        assertThat(r.stdoutText()).isEqualTo("hello fleet\n");
        assertThat(r.exitCode()).isZero();
        assertThat(r.signal()).isNull();
        assertThat(r.succeeded()).isTrue();
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void plainNio2TransportWithoutQuickAckWorksToo() throws Exception {
        SshTransport plain = transport(config().tcpQuickAck(false).build());
        try (Connection c = plain.connect(host(server))) {
            assertThat(c.exec(ExecRequest.of("echo plain")).stdoutText()).isEqualTo("plain\n");
        }
    }

    @Test
    void nonZeroExitIsAResultNotAFailure() throws Exception {
        ExecResult r = run(ExecRequest.of("exit 3"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.succeeded()).isFalse();
    }

    @Test
    void stderrIsCapturedSeparately() throws Exception {
        ExecResult r = run(ExecRequest.of("err something broke"));

        assertThat(r.stderrText()).isEqualTo("something broke\n");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void stdinIsWrittenThenClosed() throws Exception {
        byte[] input = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);

        ExecResult r = run(ExecRequest.of("cat").withStdin(input));

        assertThat(r.stdout()).isEqualTo(input);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void commandWithoutStdinSeesEndOfInput() throws Exception {
        assertThat(run(ExecRequest.of("cat")).stdout()).isEmpty();
    }

    @Test
    void outputBeyondMaxCaptureIsDroppedAndFlagged() throws Exception {
        ExecResult r = run(new ExecRequest("yes 100000", null, null, null, 1000));

        assertThat(r.stdout()).hasSize(1000);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void sinkReceivesEveryByteEvenBeyondTheCap() throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        OutputSink sink = (stream, data, off, len) -> {
            synchronized (seen) {
                seen.write(data, off, len);
            }
        };

        run(new ExecRequest("yes 50000", null, null, sink, 10));

        assertThat(seen.size()).isEqualTo(50000);
    }

    @Test
    void commandKilledBySignalReportsTheSignalAndNoExitCode() throws Exception {
        ExecResult r = run(ExecRequest.of("signal KILL"));

        assertThat(r.signal()).isEqualTo("KILL");
        assertThat(r.exitCode()).isNull();
        assertThat(r.succeeded()).isFalse();
    }

    @Test
    void commandPastItsTimeoutIsClosedAndReportedAsTimeout() throws Exception {
        try (Connection c = ssh.connect(host(server))) {
            assertThatThrownBy(() -> c.exec(ExecRequest.of("sleep 60000").withTimeout(Duration.ofMillis(200))))
                    .isInstanceOfSatisfying(StepFailure.class,
                            f -> assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT))
                    .hasMessageContaining("sleep 60000");
            // the session survives a timed-out command
            assertThat(c.exec(ExecRequest.of("echo still here")).stdoutText()).isEqualTo("still here\n");
        }
    }

    @Test
    void timeoutAppliesWhileStdinIsStuckOnAFullWindow() throws Exception {
        byte[] big = new byte[16 << 20];

        assertThatThrownBy(() -> run(ExecRequest.of("sleep 60000").withStdin(big).withTimeout(Duration.ofMillis(300))))
                .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT));
    }

    @Test
    void interruptingTheCallerAbortsTheWait() throws Exception {
        Connection c = ssh.connect(host(server));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                c.exec(ExecRequest.of("sleep 60000"));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        server.commandsStarted.acquire();

        caller.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        c.close();
    }
}
