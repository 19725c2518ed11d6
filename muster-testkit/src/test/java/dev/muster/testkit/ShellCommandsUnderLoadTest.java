package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.core.step.CommandStep;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's hang: a fake host's shell was killed while a child it had started still held its
 * stdout and stderr, so the reads of those pipes never ended; they held virtual-thread carriers,
 * and once the JDK retired its spare carrier no virtual thread of the JVM could run again (the
 * engine's own included). Here: a closed channel takes every process of its command with it, and
 * many short shell commands at once, with the CPU busy and runs cancelled in between, all finish.
 * {@link StarvationAfterIdleTest} replays the whole hang, idle scheduler included.
 */
class ShellCommandsUnderLoadTest {

    @TempDir
    Path dir;

    @Test
    void aClosedChannelTakesEveryProcessItsCommandStartedWithIt() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(1).commandMode(CommandMode.SHELL).baseAddress("127.0.122.1")
                .dir(dir).start(); TestClient client = TestClient.of(fleet)) {
            try (ClientSession session = client.connect(fleet.hosts().getFirst().endpoint());
                 ChannelExec channel = session.createExecChannel("(sleep 1207 &); sleep 1208 & sleep 1209; true")) {
                channel.open().verify(TestClient.TIMEOUT);
                List<ProcessHandle> sleeps = awaitProcesses("sleep 1207", "sleep 1208", "sleep 1209");

                channel.close(false).await(TestClient.TIMEOUT);

                for (ProcessHandle sleep : sleeps) {
                    assertThat(sleep.onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).get())
                            .as("'%s' outlived its channel", sleep.info().commandLine().orElse("?")).isNotNull();
                }
            }
        }
    }

    @Test
    @Timeout(180)
    void manyShortShellCommandsAtOnceWhileTheCpuIsBusyAllFinishAndCancelledOnesLeaveNothing() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(40).commandMode(CommandMode.SHELL)
                .baseAddress("127.0.123.1").dir(dir).start();
             SshTransport transport = transport(fleet);
             BusyCpus busy = BusyCpus.start()) {
            List<Host> hosts = new InventoryLoader().load(fleet.inventory()).hosts();
            Executor executor = new Executor(transport);
            ExecutorOptions options = ExecutorOptions.defaults().withForks(40).withHostTimeout(Duration.ofSeconds(60));
            for (int round = 1; round <= 8; round++) {
                RunResult run = executor.run(hosts, CommandStep.command(
                        "echo \"$HOME\"; printf 'round %s' " + round + " >&2; cat /proc/loadavg >/dev/null; exit 3",
                        false), options, null);
                for (Outcome o : run.outcomes()) {
                    assertThat(o.exitCode()).as("round %d: %s", round, o).isEqualTo(3);
                    assertThat(o.stdout()).isEqualTo(fleet.host(o.host()).dir() + "\n");
                    assertThat(o.stderr()).isEqualTo("round " + round);
                }
                // A run cut short while its commands' children hold their output: as a cancelled run on
                // the server, or a host timeout.
                RunResult cut = executor.run(hosts.subList(0, 4), CommandStep.command("sleep 1210; true", false),
                        options.withHostTimeout(Duration.ofMillis(300)), null);
                assertThat(cut.outcomes()).allSatisfy(o -> assertThat(o.kind()).isEqualTo(FailureKind.TIMEOUT));
                for (ProcessHandle sleep : awaitGone("sleep 1210")) {
                    assertThat(sleep.isAlive()).as("a cut command's child outlived its channel").isFalse();
                }
            }
        }
    }

    static SshTransport transport(Fleet fleet) {
        return new SshTransport(SshTransportConfig.defaults().toBuilder().knownHostsFile(fleet.knownHosts())
                .identityFiles(List.of(fleet.clientKey().privateKeyFile())).useAgent(false).build());
    }

    /** Waits until one process runs each command line, and returns them. */
    private static List<ProcessHandle> awaitProcesses(String... commandLines) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<ProcessHandle> found = new ArrayList<>();
            for (String line : commandLines) {
                running(line).ifPresent(found::add);
            }
            if (found.size() == commandLines.length) {
                return found;
            }
            assertThat(System.nanoTime()).as("never started: %s", List.of(commandLines)).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Processes still running this command line 20 s from now at most (empty once all are gone). */
    private static List<ProcessHandle> awaitGone(String commandLine) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<ProcessHandle> left = all(commandLine);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = all(commandLine);
        }
        return left;
    }

    private static Optional<ProcessHandle> running(String commandLine) {
        return all(commandLine).stream().findFirst();
    }

    private static List<ProcessHandle> all(String commandLine) {
        return ProcessHandle.allProcesses().filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.equals(commandLine) || line.endsWith("/" + commandLine);
        }).toList();
    }
}
