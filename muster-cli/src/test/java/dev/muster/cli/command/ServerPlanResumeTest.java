package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.core.store.StepMark;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import dev.muster.server.store.RunStatus;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan run of {@code muster serve} whose controller died, with no other controller up, is
 * continued from the command line: {@code muster apply PLAN --resume RUN --store DATA} reaps it
 * (its lease ran out), claims it for this process, runs only the steps its journal has not
 * done, and records how it ended in the server's store, audited.
 */
@Timeout(120)
class ServerPlanResumeTest {
    private static final Duration LEASE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void aServerPlanRunWhoseControllerDiedIsContinuedByApplyResumeFromItsJournal() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(1).namePrefix("web").baseAddress("127.0.126.1")
                .dir(dir.resolve("fleet")).commandMode(CommandMode.SHELL).start()) {
            FakeHost web = fleet.hosts().getFirst();
            Path inventory = dir.resolve("inventory.yaml");
            Files.writeString(inventory, "hosts:\n  web01: {address: " + web.address() + ", port: " + web.port()
                    + ", user: " + web.user() + "}\ngroups:\n  web: {hosts: [web01]}\n");
            Path steps = dir.resolve("steps.log");
            Path plans = Files.createDirectories(dir.resolve("plans/release"));
            Path plan = plans.resolve("two.yaml");
            Files.writeString(plan, "name: two\ntargets: \"@web\"\nsteps:\n  - run: echo one >> " + steps + "\n"
                    + "  - run: echo two >> " + steps + "\n");
            Path data = dir.resolve("data");
            String id;
            try (Store store = Store.open(Database.sqlite(data), Clock.systemUTC())) {
                id = store.runs().enqueue(new RunRequest("apply", null, "apply release/two.yaml",
                        Map.of("plan", "release/two.yaml"), null, "ops", null));
                assertThat(store.queue().claimNext("dead-server", LEASE)).isPresent();
                // the dead server had done step 0 on web01 and was in step 1
                store.runs().mark(id, StepMark.started(1, 0, "web01"));
                store.runs().mark(id, StepMark.done(1, 0, "web01", "changed", ""));
                store.runs().mark(id, StepMark.started(1, 1, "web01"));
                store.runs().hostStarted(id, "web01");
            }
            Thread.sleep(LEASE.toMillis() + 100);

            CliResult wrongFile = muster(fleet, inventory, data, dir.resolve("two.yaml"), id, plan);
            assertThat(wrongFile.exit()).as(wrongFile.err()).isEqualTo(2);
            assertThat(wrongFile.err()).contains("applied release/two.yaml from the server's plans directory");

            CliResult resumed = muster(fleet, inventory, data, plan, id, null);
            assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.out()).contains("resuming run " + id + " (release/two.yaml) from its journal")
                    .contains("web01 ").contains("run " + id + " finished, exit 0");
            assertThat(Files.readAllLines(steps)).as("step 0 was done before: only step 1 runs").containsExactly("two");
            try (Store store = Store.open(Database.sqlite(data), Clock.systemUTC())) {
                StoredRun run = store.runs().get(id).orElseThrow();
                assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
                assertThat(run.record().exitCode()).isZero();
                assertThat(run.claimedBy()).startsWith("cli:");
                assertThat(store.queue().claims(id)).isEqualTo(2);
                assertThat(store.audit().recent(20)).extracting(e -> e.action() + " " + e.targets() + " " + e.actor())
                        .anySatisfy(e -> assertThat(e).startsWith("run.interrupt run " + id))
                        .anySatisfy(e -> assertThat(e).startsWith("run.resume run " + id).endsWith("(cli)"));
            }

            CliResult again = muster(fleet, inventory, data, plan, id, null);
            assertThat(again.exit()).isEqualTo(2);
            assertThat(again.err()).contains("finished with every host deployed: nothing to resume");
            assertThat(Files.readAllLines(steps)).containsExactly("two");
        }
    }

    private CliResult muster(FakeFleet fleet, Path inventory, Path data, Path planFile, String id, Path touch)
            throws Exception {
        if (touch != null) {
            Files.copy(touch, planFile);
        }
        List<String> args = new ArrayList<>(List.of("apply", planFile.toString(), "--resume", id, "--store",
                data.toString(), "-i", inventory.toString(), "--known-hosts", fleet.knownHosts().toString(),
                "--identity", fleet.clientKey().privateKeyFile().toString()));
        return CliResult.run(args);
    }
}
