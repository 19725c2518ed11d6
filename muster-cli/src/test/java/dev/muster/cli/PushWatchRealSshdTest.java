package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.command.CommandContext;
import dev.muster.testkit.OpenSshAssumptions;
import dev.muster.testkit.OpenSshFleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code muster push --watch} against real OpenSSH hosts: a burst of local edits becomes one
 * changed-only push, and Ctrl-C (here through {@link CommandContext.Interrupts}, as the persist daemon
 * delivers it) ends the watch with the last push's exit code.
 */
@Timeout(180)
class PushWatchRealSshdTest {
    private static OpenSshFleet fleet;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(2).baseAddress("127.0.172.1").perHostDirs(true).start();
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void aBurstOfEditsBecomesOneChangedOnlyPushAndCtrlCStopsTheWatch() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "v1\n");
        String dest = "/srv/watched";
        List<Runnable> ctrlC = new CopyOnWriteArrayList<>();
        CommandContext.Interrupts source = new CommandContext.Interrupts() {
            @Override
            public void add(Runnable stop) {
                ctrlC.add(stop);
            }

            @Override
            public void remove(Runnable stop) {
                ctrlC.remove(stop);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new FleetCli(fleet, tmp.resolve("store")).args("push", site + "/", dest, "all", "--watch",
                "--watch-quiet", "2s");
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(args.toArray(String[]::new),
                new PrintWriter(out, true), new PrintWriter(err, true), CommandContext.process().withInterrupts(source)));
        await("the first push and the watch", () -> err.toString().contains("watching "));
        assertThat(fleet.hostPath("host02", dest + "/index.html")).hasContent("v1");

        // another size: within the second of the first push, size and mtime (whole seconds on the
        // host, as rsync's quick check) could not tell "v2" from "v1"
        Files.writeString(site.resolve("index.html"), "v2 edited\n");
        for (int i = 0; i < 9; i++) {
            Files.writeString(site.resolve("page" + i + ".html"), "p" + i + "\n");
        }
        await("the burst on both hosts", () -> Files.exists(fleet.hostPath("host01", dest + "/page8.html"))
                && Files.exists(fleet.hostPath("host02", dest + "/page8.html"))
                && out.toString().split("recap:", -1).length == 3);
        ctrlC.forEach(Runnable::run);
        assertThat(run.get(60, TimeUnit.SECONDS)).as(out + "\n" + err).isZero();

        String printed = out.toString();
        assertThat(printed.split("recap:", -1)).as("one push, then one for the whole burst:\n" + printed).hasSize(3);
        assertThat(printed).contains("host[01-02] (2): changed · 9 created, 1 updated");
        assertThat(fleet.hostPath("host01", dest + "/index.html")).hasContent("v2 edited");
    }
}
