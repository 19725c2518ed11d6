package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.FleetCli;
import dev.muster.testkit.FakeFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** muster apply over an in-process SSH fleet: rolling batches, failure accounting, skipped hosts. */
@Timeout(120)
class ApplyCommandTest {
    private static FakeFleet fleet;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        fleet = FakeFleet.builder().dir(Files.createTempDirectory("muster-apply-test-")).hosts(6).namePrefix("app")
                .baseAddress("127.0.47.1").start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    private Path plan(String yaml) throws Exception {
        Path f = dir.resolve("plan.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, dir.resolve("store")).muster(args);
    }

    @Test
    void aFailureStopsTheRollingDeployAfterItsBatchAndLaterHostsAreSkipped() throws Exception {
        Path plan = plan("""
                name: deploy
                targets: all
                strategy: {kind: rolling, batch: 2, max_fail_percentage: 20}
                steps:
                  - run: echo deployed
                  - name: smoke
                    run: exit 3
                    hosts: app03
                """);
        CliResult r = muster("apply", plan.toString(), "--retries", "0");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.outLines().getFirst()).matches("apply deploy \\(run [0-9.-]+-[0-9a-f]{4}\\): rolling, batches: 2 "
                + "→ \\[2, 2, 2\\] hosts, max_fail_percentage 20, rollback batch");
        assertThat(r.outLines().subList(1, r.outLines().size())).containsExactly(
                "batch 1/3: app[01-02] (2)",
                "  0 failed in this batch; 0 of 2 hosts failed so far",
                "batch 2/3: app[03-04] (2)",
                "  app03: failed: step 2 (smoke): exit code 3",
                "  1 failed in this batch; 1 of 4 hosts failed so far",
                "stopped: 1 of 4 hosts failed after batch 2 (25%), more than max_fail_percentage 20",
                "app[01-02,04] (3): deployed",
                "app03 (1): failed: step 2 (smoke): exit code 3",
                "app[05-06] (2): skipped",
                "recap: 6 hosts · 2 of 3 batches · 3 deployed · 1 failed · 2 skipped");
    }

    @Test
    void everyHostDeployedExitsZero() throws Exception {
        Path plan = plan("name: deploy\ntargets: all\nsteps: [{run: echo hi}, {run: hostname, changed_when: false}]\n");
        CliResult r = muster("apply", plan.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.outLines()).endsWith("app[01-06] (6): deployed", "recap: 6 hosts · 1 of 1 batches · 6 deployed");
    }

    @Test
    void anUndefinedVariableIsBadInputAndNothingRuns() throws Exception {
        Path plan = plan("name: x\ntargets: all\nsteps:\n  - run: echo first\n  - run: echo deploy {{ version }}\n");
        CliResult r = muster("apply", plan.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(plan + ":5: step 'run: echo deploy {{ version }}' uses {{ version }}, which is not "
                + "defined");
        assertThat(muster("apply", plan.toString(), "-e", "version=1.2").exit()).isZero();
    }

    /** The fleet's inventory with every host in protected environment prod. */
    private Path protectedInventory() throws Exception {
        String text = Files.readString(fleet.inventory()).replace(", user: ", ", env: prod, user: ");
        return Files.writeString(dir.resolve("prod.yaml"), text + "environments:\n  prod: {protected: true}\n");
    }

    private CliResult musterWith(Path inventory, String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        all.addAll(java.util.List.of("--inventory", inventory.toString(), "--known-hosts", fleet.knownHosts().toString(),
                "--identity", fleet.clientKey().privateKeyFile().toString(), "--store", dir.resolve("store").toString()));
        return CliResult.run(all);
    }

    @Test
    void aProtectedEnvironmentRefusesWithoutConfirmationAndRunsNothing() throws Exception {
        Path inventory = protectedInventory();
        Path plan = plan("name: x\ntargets: all\nsteps:\n  - run: echo deployed\n");
        CliResult refused = musterWith(inventory, "apply", plan.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("apply " + plan + " targets 6 hosts (app[01-06]) in protected environment "
                + "prod: pass --yes to go on");
        assertThat(new dev.muster.core.store.FileRunStore(dir.resolve("store")).recent(5)).isEmpty();

        CliResult checked = musterWith(inventory, "apply", plan.toString(), "--check");
        assertThat(checked.exit()).as(checked.err()).isZero(); // a dry run changes nothing: no confirmation needed
        CliResult confirmed = musterWith(inventory, "apply", plan.toString(), "--yes");
        assertThat(confirmed.exit()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("app[01-06] (6): deployed");
    }

    @Test
    void anApproveStepWaitsForMusterApprove() throws Exception {
        Path plan = plan("""
                name: x
                targets: all
                strategy: {kind: rolling, batch: [1, 5]}
                steps:
                  - run: echo deployed
                  - approve: {message: "canary ok?", timeout: 30s}
                """);
        java.util.concurrent.CompletableFuture<CliResult> apply = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> muster("apply", plan.toString()));
        dev.muster.core.store.FileRunStore store = new dev.muster.core.store.FileRunStore(dir.resolve("store"));
        String runId = null;
        for (int i = 0; i < 500 && runId == null; i++) {
            runId = store.recent(1).stream().map(r -> r.id())
                    .filter(id -> store.pendingApproval(id).isPresent()).findFirst().orElse(null);
            Thread.sleep(20);
        }
        assertThat(runId).isNotNull();
        assertThat(muster("approve", "no-such-run").exit()).isEqualTo(2);
        CliResult approved = muster("approve", runId);
        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(approved.out()).startsWith("approved: canary ok? (batch 1 of 2, app01)");
        // the second batch asks again
        String id = runId;
        for (int i = 0; i < 500 && store.pendingApproval(id).isEmpty() && !apply.isDone(); i++) {
            Thread.sleep(20);
        }
        assertThat(muster("approve", runId).out()).startsWith("approved: canary ok? (batch 2 of 2, app[02-06])");
        CliResult r = apply.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(muster("approve", runId).exit()).isEqualTo(1);
    }
}
