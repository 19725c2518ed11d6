package dev.muster.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.step.CommandStep;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalTransportTest {
    private final Executor executor = new Executor(new LocalTransport());
    private final Host local = Host.of("localhost", "127.0.0.1", 0);

    private Outcome run(CommandStep step, ExecutorOptions options) throws InterruptedException {
        RunResult r = executor.run(List.of(local), step, options, null);
        return r.outcomes().getFirst();
    }

    @Test
    void commandOutputAndExitCodesAreReported() throws Exception {
        Outcome ok = run(CommandStep.command("echo out; echo err >&2", false), ExecutorOptions.defaults());
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.stdout()).isEqualTo("out\n");
        assertThat(ok.stderr()).isEqualTo("err\n");

        Outcome failed = run(CommandStep.command("exit 7", false), ExecutorOptions.defaults());
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.kind()).isEqualTo(FailureKind.COMMAND_FAILED);
        assertThat(failed.exitCode()).isEqualTo(7);
    }

    @Test
    void scriptsAreFedOnStandardInputWithTheirArguments() throws Exception {
        byte[] script = "echo \"args: $1|$2\"\n".getBytes(StandardCharsets.UTF_8);
        Outcome o = run(CommandStep.script("t.sh", script, List.of("a b", "c"), false), ExecutorOptions.defaults());
        assertThat(o.stdout()).isEqualTo("args: a b|c\n");
    }

    @Test
    void killedBySignalIsItsOwnKind() throws Exception {
        Outcome o = run(CommandStep.command("kill -TERM $$", false), ExecutorOptions.defaults());
        assertThat(o.kind()).isEqualTo(FailureKind.KILLED_BY_SIGNAL);
        assertThat(o.signal()).isEqualTo("TERM");
    }

    @Test
    void aCommandPastItsTimeoutIsStopped() throws Exception {
        Outcome o = run(CommandStep.command("echo begun; exec sleep 30", false),
                ExecutorOptions.defaults().withHostTimeout(Duration.ofMillis(500)));
        assertThat(o.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(o.stdout()).isEqualTo("begun\n");
    }

    @Test
    void aBackgroundProcessHoldingTheOutputFailsTheHostOnceNothingMoreArrivesForTheGrace() throws Exception {
        try {
            // The shell lives on a moment after its first line, so the pipe is being read when it exits
            // (the JDK closes a finished process's pipes unless a read is in progress).
            Outcome o = run(CommandStep.command("echo started; sleep 1212 & sleep 1", false),
                    ExecutorOptions.defaults().withHostTimeout(Duration.ofSeconds(50)));
            assertThat(o.status()).isEqualTo(Status.FAILED);
            assertThat(o.kind()).isEqualTo(FailureKind.OUTPUT_NOT_CLOSED);
            assertThat(o.stdout()).isEqualTo("started\n");
            assertThat(o.message()).startsWith("output did not close: the command exited with 0 but its stdout or "
                    + "stderr was still open 5s later with nothing more arriving");
        } finally {
            sleeps("sleep 1212").forEach(ProcessHandle::destroyForcibly); // left running, as over ssh
        }
    }

    @Test
    void outputStillArrivingAfterTheShellExitedIsWaitedFor() throws Exception {
        Outcome o = run(CommandStep.command("echo started; (sleep 2; echo late) & sleep 1", false),
                ExecutorOptions.defaults());
        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(o.stdout()).isEqualTo("started\nlate\n");
    }

    @Test
    void aTimedOutCommandTakesTheProcessesItStartedWithIt() throws Exception {
        Outcome o = run(CommandStep.command("sleep 1213 & sleep 1214", false),
                ExecutorOptions.defaults().withHostTimeout(Duration.ofMillis(500)));
        assertThat(o.kind()).isEqualTo(FailureKind.TIMEOUT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!sleeps("sleep 121[34]").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sleeps("sleep 121[34]")).as("the command's processes outlived its timeout").isEmpty();
    }

    private static List<ProcessHandle> sleeps(String commandLine) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").matches("(.*/)?" + commandLine)).toList();
    }
}
