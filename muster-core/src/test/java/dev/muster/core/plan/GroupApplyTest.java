package dev.muster.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunListener;
import dev.muster.core.store.FileRunStore;
import dev.muster.core.store.RunRecord;
import dev.muster.core.strategy.RolloutListener;
import dev.muster.core.strategy.RolloutResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grouped plans run on scripted hosts with an injected clock: order, failures, rollback, windows. */
class GroupApplyTest {
    @TempDir
    Path dir;
    PlanFixture fx;
    /** Every command each host was sent, in order, and every command over all hosts. */
    final Map<String, List<String>> sent = new ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    BiFunction<String, String, Integer> exits = (host, command) -> 0;
    final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T12:00:00Z"));
    final List<Duration> slept = new CopyOnWriteArrayList<>();
    final Map<String, List<String>> states = new ConcurrentHashMap<>();

    /** A clock a test moves: steps and sleeps advance it, nothing really waits. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        fx = new PlanFixture(dir);
    }

    private Executor executor() {
        return ScriptedTransport.executor((host, request) -> {
            sent.computeIfAbsent(host, h -> new CopyOnWriteArrayList<>()).add(request.command());
            log.add(host + ": " + request.command());
            return new ExecResult(exits.apply(host, request.command()), null, new byte[0], new byte[0], false);
        });
    }

    static final class Quiet implements RunListener, RolloutListener {
    }

    GroupApply.Result apply(Plan plan, boolean waitWindow, FileRunStore store, String resumeRun) {
        PlanContext context = new PlanContext(plan.vars(), false, false, dir, "run-1", "tester",
                dev.muster.core.Redactor.none());
        GroupApply apply = new GroupApply(plan, fx.inventory, executor(), context, List.of(), store, clock, d -> {
            slept.add(d);
            clock.advance(d);
        }, waitWindow);
        PlanJournal journal = store == null ? PlanJournal.NONE : new PlanJournal(store, "run-1");
        PlanJournal.Resume resume = resumeRun == null ? null : journal.resume();
        return apply.prepare(fx.inventory.hosts(plan.hosts()), g -> new Quiet(),
                        (g, s) -> states.computeIfAbsent(g.name(), k -> new CopyOnWriteArrayList<>()).add(s),
                        journal, resume, d -> { })
                .run(ExecutorOptions.defaults());
    }

    FileRunStore begunRun() {
        FileRunStore store = new FileRunStore(dir.resolve("store"));
        store.begin(new RunRecord("run-1", "apply", "@db", "x", "db[01-02]", Instant.now(), null, null, List.of(),
                null, Map.of(), Map.of()));
        return store;
    }

    static Map<String, String> stateOf(GroupApply.Result r) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        r.groups().forEach(g -> out.put(g.group().name(), g.describe()));
        return out;
    }

    @Test
    void independentGroupsRunSideBySideAndADependentWaitsForItsGroups() throws Exception {
        CountDownLatch webStarted = new CountDownLatch(1);
        CountDownLatch stageStarted = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean sideBySide = new java.util.concurrent.atomic.AtomicBoolean(true);
        exits = (host, command) -> {
            try {
                // each of the two independent groups waits until the other has started: only side by side can both go on
                if (host.equals("web01")) {
                    webStarted.countDown();
                    sideBySide.compareAndSet(true, stageStarted.await(20, TimeUnit.SECONDS));
                } else if (host.equals("stage01")) {
                    stageStarted.countDown();
                    sideBySide.compareAndSet(true, webStarted.await(20, TimeUnit.SECONDS));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        };
        Plan plan = fx.read("""
                name: r
                groups:
                  web: {targets: web01}
                  stage: {targets: stage01}
                  db: {targets: "@db", after: [web, {group: stage, soak: 10m}]}
                steps: [{run: deploy}]
                """);
        GroupApply.Result r = apply(plan, false, null, null);

        assertThat(sideBySide).isTrue();
        assertThat(stateOf(r)).containsExactly(Map.entry("web", "done"), Map.entry("stage", "done"), Map.entry("db", "done"));
        int db = log.indexOf("db01: deploy");
        assertThat(db).isGreaterThan(log.indexOf("web01: deploy")).isGreaterThan(log.indexOf("stage01: deploy"));
        assertThat(slept).containsExactly(Duration.ofMinutes(10)); // the soak after stage
        assertThat(states.get("db")).contains("waiting for web, stage", "running batch 1/1", "done");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aFailedGroupStopsItsDependentsAndNoOthers() {
        exits = (host, command) -> host.equals("web02") ? 1 : 0;
        Plan plan = fx.read("""
                name: r
                groups:
                  web: {targets: "web[01-02]"}
                  api: {targets: "web[03-04]", after: [web]}
                  db: {targets: "@db", after: [api]}
                  stage: {targets: "stage[01-02]"}
                steps: [{run: deploy}]
                """);
        GroupApply.Result r = apply(plan, false, null, null);

        assertThat(stateOf(r)).containsExactly(
                Map.entry("web", "failed: 1 of 2 hosts failed after batch 1 (50%), more than max_fail_percentage 0"),
                Map.entry("api", "stopped: because web failed"),
                Map.entry("db", "stopped: because api was stopped"),
                Map.entry("stage", "done"));
        assertThat(sent).containsOnlyKeys("web01", "web02", "stage01", "stage02");
        assertThat(r.rollout().hostsIn(RolloutResult.HostState.SKIPPED).fold()).isEqualTo("db[01-02],web[03-04]");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void onGroupFailureRollbackUndoesDeployedGroupsDependentsFirst() {
        exits = (host, command) -> host.equals("db01") && command.equals("deploy") ? 1 : 0;
        Plan plan = fx.read("""
                name: r
                on_group_failure: rollback
                groups:
                  web: {targets: web01}
                  api: {targets: web02, after: [web]}
                  db: {targets: db01, after: [api]}
                steps: [{run: deploy}]
                rollback: [{run: undo}]
                """);
        GroupApply.Result r = apply(plan, false, null, null);

        assertThat(log).containsSubsequence("web01: deploy", "web02: deploy", "db01: deploy", "web02: undo", "web01: undo");
        assertThat(stateOf(r)).containsEntry("web", "rolled back: because db failed")
                .containsEntry("api", "rolled back: because db failed");
        assertThat(r.rollout().hostsIn(RolloutResult.HostState.ROLLED_BACK).fold()).isEqualTo("web[01-02]");
    }

    /** A window of 01:00-04:00 Berlin time; batches of one host, each step taking 50 minutes of clock. */
    static final String WINDOWED = """
            name: r
            windows:
              night: {zone: Europe/Berlin, every: "0 1 * * *", duration: 3h}
            groups:
              db:
                targets: "web[01-05]"
                window: night
                strategy: {kind: rolling, batch: 1}
            steps: [{run: deploy}]
            """;

    @Test
    void aClosingWindowPausesTheGroupAtABatchBoundaryAndResumeContinuesAtTheNextOpening() {
        clock.now = Instant.parse("2026-06-09T23:00:00Z"); // 01:00 CEST: the window just opened
        exits = (host, command) -> {
            clock.advance(Duration.ofMinutes(50));
            return 0;
        };
        FileRunStore store = begunRun();
        Plan plan = fx.read(WINDOWED);
        GroupApply.Result first = apply(plan, false, store, null);

        // 3 batches take 2h30; the 4th would end at 03:30+50m = 04:20 > 04:00: the fit check holds it
        assertThat(sent.keySet()).containsExactlyInAnyOrder("web01", "web02", "web03");
        assertThat(first.groups().getFirst().state()).isEqualTo("waiting");
        assertThat(first.groups().getFirst().detail()).startsWith("waiting for window night (window night has 1800s "
                + "left, the next unit is expected to take 3000s (measured); next opening 2026-06-11 01:00 CEST");
        assertThat(first.rollout().hostsIn(RolloutResult.HostState.SKIPPED).fold()).isEqualTo("web[04-05]");

        sent.clear();
        clock.now = Instant.parse("2026-06-10T23:00:00Z"); // the next opening
        GroupApply.Result second = apply(plan, false, store, "run-1");
        assertThat(sent.keySet()).containsExactlyInAnyOrder("web04", "web05"); // web01-03 are not run again
        assertThat(second.groups().getFirst().state()).isEqualTo("done");
        assertThat(second.exitCode()).isZero();
    }

    @Test
    void theFitCheckOfAResumedRunUsesTheDurationsMeasuredBeforeItStopped() {
        clock.now = Instant.parse("2026-06-09T23:00:00Z");
        exits = (host, command) -> {
            clock.advance(Duration.ofMinutes(50));
            return 0;
        };
        FileRunStore store = begunRun();
        Plan plan = fx.read(WINDOWED);
        apply(plan, false, store, null); // web01-03, then held

        sent.clear();
        // resumed late in the next opening: 40 minutes left, and batches were measured at 50
        clock.now = Instant.parse("2026-06-11T01:20:00Z");
        GroupApply.Result late = apply(plan, false, store, "run-1");
        assertThat(sent).isEmpty();
        assertThat(late.groups().getFirst().detail()).contains("the next unit is expected to take 3000s (measured)");
    }

    @Test
    void waitWindowWaitsForTheNextOpeningAcrossMidnightAndTheNewYorkFallBack() {
        // Sat 31 Oct 2026 22:00 EDT; the window opens Saturdays at 23:00 for 3h (to 01:00 EST after the fall back)
        clock.now = Instant.parse("2026-11-01T02:00:00Z");
        exits = (host, command) -> {
            clock.advance(Duration.ofMinutes(70));
            return 0;
        };
        Plan plan = fx.read("""
                name: r
                windows:
                  sat: {zone: America/New_York, every: "0 23 * * SAT", duration: 3h}
                groups:
                  db: {targets: "web[01-03]", window: sat, strategy: {kind: rolling, batch: 1}}
                steps: [{run: deploy}]
                """);
        GroupApply.Result r = apply(plan, true, null, null);

        // waits 1h to 23:00 EDT; two batches of 70 min fit (to 01:20 EDT = 05:20Z); the third would end at
        // 06:30Z, after the window's end at 06:00Z (01:00 EST): it waits a week for the next Saturday 23:00 EST
        assertThat(slept).containsExactly(Duration.ofHours(1),
                Duration.between(Instant.parse("2026-11-01T05:20:00Z"), Instant.parse("2026-11-08T04:00:00Z")));
        assertThat(states.get("db")).contains("waiting for window sat until 2026-10-31 23:00 EDT"
                + local("2026-11-01T03:00:00Z"), "waiting for window sat until 2026-11-07 23:00 EST"
                + local("2026-11-08T04:00:00Z"));
        assertThat(r.groups().getFirst().state()).isEqualTo("done");
    }

    /** How UnitGate shows a time in this machine's zone, when it differs from the window's. */
    private static String local(String utc) {
        String there = UnitGate.shown(Instant.parse(utc), ZoneId.of("America/New_York"));
        int paren = there.indexOf(" (");
        return paren < 0 ? "" : there.substring(paren);
    }
}
