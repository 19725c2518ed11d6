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
}
