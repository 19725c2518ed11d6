package dev.muster.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.Rollout;
import dev.muster.core.strategy.RolloutListener;
import dev.muster.core.strategy.RolloutResult;
import dev.muster.core.strategy.Rollback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanRunnerTest {
    @TempDir
    Path dir;
    PlanFixture fx;
    /** Every command each host was sent, in order. */
    final Map<String, List<String>> sent = new ConcurrentHashMap<>();
    /** What each host was sent on standard input, last command's. */
    final Map<String, String> stdin = new ConcurrentHashMap<>();
    /** How hosts answer: (host, command) → exit code and stdout. */
    BiFunction<String, String, ExecResult> answers = (host, command) -> result(0, "did " + command + "\n");

    @BeforeEach
    void setUp() {
        fx = new PlanFixture(dir);
    }

    static ExecResult result(int exit, String stdout) {
        return ScriptedTransport.result(exit, stdout);
    }

    private Executor executor() {
        return ScriptedTransport.executor((host, request) -> {
            sent.computeIfAbsent(host, h -> new CopyOnWriteArrayList<>()).add(request.command());
            if (request.stdin() != null) {
                stdin.put(host, new String(request.stdin(), StandardCharsets.UTF_8));
            }
            return answers.apply(host, request.command());
        });
    }

    /** Plan-level variables (plan vars, then -e) and check mode for the runners this test builds. */
    Map<String, Object> vars = new java.util.LinkedHashMap<>();
    boolean check;
    List<StepFactory> factories = List.of();
    final List<java.time.Duration> slept = new CopyOnWriteArrayList<>();

    PlanContext context(Plan plan) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(plan.vars());
        all.putAll(vars);
        return new PlanContext(all, check, false, dir, "run-1", "tester", dev.muster.core.Redactor.none());
    }

    /** A run store holding run-1, begun. */
    dev.muster.core.store.FileRunStore begunRun() {
        dev.muster.core.store.FileRunStore store = new dev.muster.core.store.FileRunStore(dir.resolve("store"));
        store.begin(new dev.muster.core.store.RunRecord("run-1", "apply", "@db", "x", "db[01-02]",
                java.time.Instant.now(), null, null, List.of(), null, Map.of(), Map.of()));
        return store;
    }

    PlanRunner runner(Plan plan, PlanJournal journal, PlanJournal.Resume resume) {
        return new PlanRunner(plan, fx.inventory.hosts(plan.hosts()), executor(), null, context(plan), factories,
                journal, resume, slept::add);
    }

    private RunResult runBatch(Plan plan, String selector) throws Exception {
        return runBatch(runner(plan, PlanJournal.NONE, null), selector);
    }

    private RunResult runBatch(PlanRunner runner, String selector) throws Exception {
        List<Host> hosts = fx.inventory.hosts(HostSet.parse(selector));
        return runner.run(new dev.muster.core.strategy.Batch(1, 1, hosts), ExecutorOptions.defaults());
    }

    @Test
    void stepsRunInOrderAndAHostThatFailsTakesNoFurtherStep() throws Exception {
        answers = (host, command) -> host.equals("db01") && command.equals("migrate") ? result(3, "") : result(0, "");
        Plan plan = fx.read("""
                name: x
                targets: "@db"
                steps:
                  - run: stop
                  - name: migrate
                    run: migrate
                  - run: start
                """);
        RunResult r = runBatch(plan, "db[01-02]");

        assertThat(sent.get("db01")).containsExactly("stop", "migrate");
        assertThat(sent.get("db02")).containsExactly("stop", "migrate", "start");
        assertThat(r.outcomes()).extracting(Outcome::status).containsExactly(Status.FAILED, Status.CHANGED);
        assertThat(r.outcomes().getFirst().message()).isEqualTo("step 2 (migrate): exit code 3");
    }

    @Test
    void changedWhenAndCreatesDecideOkOrChanged() throws Exception {
        answers = (host, command) -> command.startsWith("test -e") ? result(host.equals("db01") ? 0 : 1, "")
                : result(0, command.equals("reload") ? "reloaded\n" : "nothing to do\n");
        Plan plan = fx.read("""
                name: x
                targets: "@db"
                steps:
                  - run: init
                    creates: /var/lib/app/initialised
                    changed_when: true
                  - run: reload
                    changed_when: {stdout: "^reloaded$"}
                    hosts: db02
                  - run: status
                    changed_when: false
                """);
        RunResult r = runBatch(plan, "db[01-02]");

        assertThat(sent.get("db01")).containsExactly("test -e /var/lib/app/initialised", "status");
        assertThat(sent.get("db02")).containsExactly("test -e /var/lib/app/initialised", "init", "reload", "status");
        assertThat(r.outcomes()).extracting(Outcome::status).containsExactly(Status.OK, Status.CHANGED);
    }

    @Test
    void scriptsAreReadFromBesideThePlanAndFedOnStandardInput() throws Exception {
        fx.write("fix.sh", "echo fixed\n");
        Plan plan = fx.read("name: x\ntargets: db01\nsteps:\n  - script: fix.sh\n    args: [--all, it's]\n");
        RunResult r = runBatch(plan, "db01");
        assertThat(sent.get("db01")).containsExactly("sh -s -- --all 'it'\"'\"'s'");
        assertThat(stdin.get("db01")).isEqualTo("echo fixed\n");
        assertThat(r.outcomes().getFirst().status()).isEqualTo(Status.CHANGED);
    }

    @Test
    void stepsNoLoadedModuleBuildsAndUndefinedVariablesAreBadInputBeforeAnythingRuns() {
        Plan plan = fx.read("name: x\ntargets: all\nsteps:\n  - run: a {{ nope }}\n  - push: {src: a, dest: b}\n"
                + "  - wait: 3s\n");
        assertThatThrownBy(() -> runner(plan, PlanJournal.NONE, null))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.getMessage().replace(dir + "/", ""))
                        .containsExactly("plan.yaml:4: step 'run: a {{ nope }}' uses {{ nope }}, which is not defined: "
                                        + "set it in the plan's vars, with -e nope=..., in the inventory, or register it "
                                        + "in an earlier step",
                                "plan.yaml:5: push steps cannot run here: no module that builds them is loaded"));
        assertThat(sent).isEmpty();
    }

    @Test
    void aRollingPlanStopsAfterTheBatchThatCrossesMaxFailPercentage() throws Exception {
        answers = (host, command) -> host.equals("web02") ? result(1, "") : result(0, "");
        Plan plan = fx.read("""
                name: x
                targets: "@web"
                strategy: {kind: rolling, batch: [1, 3], max_fail_percentage: 25}
                steps: [{run: deploy}, {run: restart}]
                """);
        RolloutResult r = new Rollout(runner(plan, PlanJournal.NONE, null), d -> { })
                .run(fx.inventory.hosts(plan.hosts()), plan.strategy(), ExecutorOptions.defaults(), List.of(),
                        Rollback.NONE, RolloutListener.NONE);

        // Batch 2 (web02-04): 1 of 4 attempted = 25%, not more than 25: go on. Every host runs.
        assertThat(r.batches()).hasSize(4);
        assertThat(r.hostsIn(RolloutResult.HostState.FAILED)).isEqualTo(HostSet.parse("web02"));
        assertThat(sent.get("web02")).containsExactly("deploy");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void variablesReachCommandsShellQuotedAndRegisteredOutputFeedsLaterSteps() throws Exception {
        answers = (host, command) -> command.equals("hostname") ? result(0, host + "; rm -rf /\n") : result(0, "");
        vars.put("version", "1.4.2 $(reboot)");
        Plan plan = fx.read("""
                name: x
                targets: "db[01-02]"
                steps:
                  - run: hostname
                    register: who
                  - run: deploy {{ version }} on {{ who.stdout }} at {{ host.address }}
                """);
        runBatch(plan, "db[01-02]");
        assertThat(sent.get("db01")).containsExactly("hostname",
                "deploy '1.4.2 $(reboot)' on 'db01; rm -rf /' at db01");
    }

    @Test
    void handlersRunOnceAtTheEndOfTheBatchOnlyWhereANotifyingStepChangedSomething() throws Exception {
        answers = (host, command) -> result(0, command.equals("render") && host.equals("db02") ? "same\n" : "new\n");
        Plan plan = fx.read("""
                name: x
                targets: "@db"
                handlers:
                  restart: {run: restart}
                steps:
                  - run: render
                    changed_when: {stdout: new}
                    notify: restart
                  - run: tidy
                    changed_when: true
                    notify: restart
                """);
        RunResult r = runBatch(plan, "db[01-02]");
        assertThat(sent.get("db01")).containsExactly("render", "tidy", "restart");
        assertThat(sent.get("db02")).containsExactly("render", "tidy", "restart");

        sent.clear();
        Plan quiet = fx.read("""
                name: x
                targets: "@db"
                handlers:
                  restart: {run: restart}
                steps:
                  - run: render
                    changed_when: {stdout: new}
                    notify: restart
                """);
        runBatch(quiet, "db[01-02]");
        assertThat(sent.get("db01")).containsExactly("render", "restart");
        assertThat(sent.get("db02")).containsExactly("render");
        assertThat(r.outcomes()).allMatch(Outcome::success);
    }

    @Test
    void aHostThatFailsAfterAChangeIsStillOwedItsHandler() throws Exception {
        answers = (host, command) -> command.equals("check") && host.equals("db01") ? result(1, "") : result(0, "");
        Plan plan = fx.read("""
                name: x
                targets: "@db"
                handlers:
                  restart: {run: restart}
                steps:
                  - run: render
                    notify: restart
                  - run: check
                """);
        RunResult r = runBatch(plan, "db[01-02]");
        assertThat(sent.get("db01")).containsExactly("render", "check");
        assertThat(r.outcomes().getFirst().owed()).containsExactly("handler restart");
        assertThat(sent.get("db02")).containsExactly("render", "check", "restart");
        assertThat(r.outcomes().get(1).owed()).isEmpty();
    }

    @Test
    void checkModeRunsNoCommandsWaitsOrApprovalsAndNamesTheHandlersThatWouldRun() throws Exception {
        check = true;
        Plan plan = fx.read("""
                name: x
                targets: "@db"
                handlers:
                  restart: {run: restart}
                steps:
                  - run: deploy
                    notify: restart
                  - wait: 10s
                  - approve: {message: "go on?", timeout: 1s}
                """);
        RunResult r = runBatch(plan, "db[01-02]");
        assertThat(sent).isEmpty();
        assertThat(slept).isEmpty();
        assertThat(r.outcomes()).allMatch(o -> o.status() == Status.OK);
    }

    @Test
    void waitsSleepOncePerBatchNotPerHost() throws Exception {
        Plan plan = fx.read("name: x\ntargets: \"@db\"\nsteps:\n  - run: a\n  - wait: 3s\n  - run: b\n");
        runBatch(plan, "db[01-02]");
        assertThat(slept).containsExactly(java.time.Duration.ofSeconds(3));
        assertThat(sent.get("db02")).containsExactly("a", "b");
    }

    @Test
    void theJournalRecordsEveryStepAndAResumeSkipsWhatWasDoneAndRedoesWhatWasInFlight() throws Exception {
        dev.muster.core.store.FileRunStore store = begunRun();
        PlanJournal journal = new PlanJournal(store, "run-1");
        answers = (host, command) -> command.startsWith("two") && host.equals("db02") ? result(1, "") : result(0, "out\n");
        Plan plan = fx.read("""
                name: x
                targets: "@db"
                handlers:
                  restart: {run: restart}
                steps:
                  - run: one
                    register: first
                    notify: restart
                  - run: two {{ first.stdout }}
                  - run: three
                """);
        runBatch(runner(plan, journal, null), "db[01-02]");
        assertThat(sent.get("db02")).containsExactly("one", "two out");
        // a process killed while db01 ran step three: started, never done
        store.mark("run-1", dev.muster.core.store.StepMark.started(1, 2, "db01"));

        sent.clear();
        answers = (host, command) -> result(0, "");
        PlanJournal.Resume resume = journal.resume();
        RunResult r = runBatch(runner(plan, journal, resume), "db[01-02]");
        // db01: steps 1-3 were done (its third step's later start mark does not undo its end); db02 redoes two
        // (failed) with step one's registered output, then three, then the handler it is still owed
        assertThat(sent.get("db01")).isNull();
        assertThat(sent.get("db02")).containsExactly("two out", "three", "restart");
        assertThat(r.outcomes()).allMatch(Outcome::success);
        assertThat(new PlanJournal.Resume(store.marks("run-1")).owedHandlers("db02")).isEmpty();
    }

    @Test
    void aResumedRolloutNeitherRerunsNorPausesForTheBatchesDoneBefore() throws Exception {
        dev.muster.core.store.FileRunStore store = begunRun();
        PlanJournal journal = new PlanJournal(store, "run-1");
        Plan plan = fx.read("""
                name: x
                targets: "@db"
                strategy: {kind: rolling, batch: 1, pause: 30s}
                steps:
                  - run: one
                """);
        // the earlier attempt finished batch 1 (db01) and was stopped in the pause before batch 2
        store.mark("run-1", dev.muster.core.store.StepMark.started(1, 0, "db01"));
        store.mark("run-1", dev.muster.core.store.StepMark.done(1, 0, "db01", "changed", ""));
        store.mark("run-1", dev.muster.core.store.StepMark.batchDone(1));

        List<String> said = new CopyOnWriteArrayList<>();
        dev.muster.core.strategy.RolloutListener listener = new dev.muster.core.strategy.RolloutListener() {
            @Override
            public void batchStarted(dev.muster.core.strategy.Batch batch) {
                said.add("started " + batch.number());
            }

            @Override
            public void batchReplayed(dev.muster.core.strategy.Batch batch) {
                said.add("replayed " + batch.number());
            }

            @Override
            public void pausing(java.time.Duration pause) {
                said.add("pausing");
            }
        };
        dev.muster.core.strategy.RolloutResult r = new dev.muster.core.strategy.Rollout(
                runner(plan, journal, journal.resume()), slept::add).run(fx.inventory.hosts(plan.hosts()),
                plan.strategy(), ExecutorOptions.defaults(), List.of(), dev.muster.core.strategy.Rollback.NONE,
                listener);

        assertThat(said).containsExactly("replayed 1", "started 2");
        assertThat(slept).as("no pause before the first batch worked in this attempt").isEmpty();
        assertThat(sent.get("db01")).as("batch 1 is not run again").isNull();
        assertThat(sent.get("db02")).containsExactly("one");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void anApproveStepWaitsForApprovalAndFailsTheBatchWhenNoneComes() throws Exception {
        dev.muster.core.store.FileRunStore store = begunRun();
        PlanJournal journal = new PlanJournal(store, "run-1");
        Plan plan = fx.read("""
                name: x
                targets: "@db"
                steps:
                  - run: one
                  - approve: {message: "canary looks fine?", timeout: 300ms}
                  - run: two
                """);
        RunResult denied = runBatch(runner(plan, journal, null), "db[01-02]");
        assertThat(denied.outcomes()).allMatch(o -> o.kind() == dev.muster.core.exec.FailureKind.NOT_APPROVED);
        assertThat(denied.outcomes().getFirst().message()).contains("not approved within 300ms (muster approve run-1)");
        assertThat(sent.get("db01")).containsExactly("one");

        sent.clear();
        Plan patient = fx.read(fx.dir.resolve("plan.yaml").toFile().exists()
                ? java.nio.file.Files.readString(fx.dir.resolve("plan.yaml")).replace("300ms", "10s") : "");
        Thread approver = Thread.ofVirtual().start(() -> {
            try {
                while (store.pendingApproval("run-1").isEmpty()) {
                    Thread.sleep(20);
                }
                assertThat(store.pendingApproval("run-1").get().message()).startsWith("canary looks fine? (batch 1 of 1");
                store.approve("run-1", "alice");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        RunResult approved = runBatch(runner(patient, journal, null), "db[01-02]");
        approver.join();
        assertThat(approved.outcomes()).allMatch(Outcome::success);
        assertThat(sent.get("db02")).containsExactly("one", "two");
    }

    /** A stand-in for muster-files' release step: "release ID" on the host, undone by "switch back". */
    final StepFactory fakeRelease = new StepFactory() {
        @Override
        public boolean builds(PlanStep step) {
            return step.kind() == StepKind.RELEASE;
        }

        @Override
        public dev.muster.core.exec.Step step(PlanStep step, PlanContext context) {
            String id = (String) ((PlanStep.Options) step.body()).options().get("id");
            return ctx -> dev.muster.core.exec.StepResult.of(ctx.connection().exec(
                    dev.muster.core.exec.ExecRequest.of("release " + id)), Status.CHANGED);
        }

        @Override
        public dev.muster.core.exec.Step undo(PlanStep step, PlanContext context) {
            return ctx -> dev.muster.core.exec.StepResult.of(ctx.connection().exec(
                    dev.muster.core.exec.ExecRequest.of("switch back")), Status.CHANGED);
        }

        @Override
        public boolean buildsGates() {
            return true;
        }

        /** Fails on every host named in the gate's cmd option. */
        @Override
        public dev.muster.core.strategy.Gate gate(Plan.GateSpec spec, PlanContext context) {
            String bad = (String) spec.check().get("cmd");
            return (batch, deployed) -> deployed.stream().anyMatch(h -> bad.contains(h.name()))
                    ? dev.muster.core.strategy.Gate.Verdict.fail("unhealthy") : dev.muster.core.strategy.Gate.Verdict.pass();
        }
    };

    final class Printer implements dev.muster.core.exec.RunListener, RolloutListener {
        final List<String> stops = new CopyOnWriteArrayList<>();

        @Override
        public void stopped(String reason) {
            stops.add(reason);
        }
    }

    @Test
    void aFailedGateRollsTheBatchBackThroughUndoThenHandlersThenTheRollbackSteps() {
        factories = List.of(fakeRelease);
        Plan plan = fx.read("""
                name: x
                targets: "web[01-06]"
                vars: {version: "1.4.2"}
                strategy: {kind: rolling, batch: [1, 2]}
                handlers:
                  restart: {run: restart}
                steps:
                  - release: {artifact: "app-{{ version }}.tgz", base: /srv/app, id: "app-{{ version }}"}
                    notify: restart
                gates:
                  - check: {cmd: "web03"}
                rollback:
                  - run: tell the team
                """);
        PlanApply apply = new PlanApply(plan, fx.inventory, executor(), context(plan), factories, null);
        PlanApply.Result r = apply.apply(fx.inventory.hosts(plan.hosts()), ExecutorOptions.defaults(), new Printer(),
                PlanJournal.NONE, null, d -> { });

        assertThat(sent.get("web01")).containsExactly("release app-1.4.2", "restart");
        assertThat(sent.get("web02")).containsExactly("release app-1.4.2", "restart", "switch back", "restart",
                "tell the team");
        assertThat(sent.get("web03")).containsExactly("release app-1.4.2", "restart", "switch back", "restart",
                "tell the team");
        assertThat(sent.get("web04")).isNull();
        assertThat(r.rollout().hostsIn(RolloutResult.HostState.ROLLED_BACK)).isEqualTo(HostSet.parse("web[02-03]"));
        assertThat(r.rollout().hostsIn(RolloutResult.HostState.DEPLOYED)).isEqualTo(HostSet.parse("web01"));
        assertThat(r.rollout().hostsIn(RolloutResult.HostState.SKIPPED)).isEqualTo(HostSet.parse("web[04-06]"));
        assertThat(r.exitCode()).isEqualTo(1);
    }

    /** A blue-green plan over web[01-05] and web[06-10] whose gate fails on {@code unhealthy} hosts. */
    private Plan blueGreen(String unhealthy) {
        return fx.read("""
                name: shop
                targets: "@web"
                strategy: {kind: blue_green, blue: "web[01-05]", green: "web[06-10]"}
                steps:
                  - release: {artifact: app.tgz, base: /srv/app, id: app-2}
                gates:
                  - check: {cmd: "%s"}
                switch:
                  - run: "point at {{ colour }} from {{ previous_colour }}: {{ colour_hosts }}"
                    hosts: db01
                """.formatted(unhealthy));
    }

    @Test
    void blueGreenDeploysTheIdleColourGatesItSwitchesTrafficAndCanSwitchBack() throws Exception {
        factories = List.of(fakeRelease);
        dev.muster.core.store.FileRunStore store = new dev.muster.core.store.FileRunStore(dir.resolve("store"));
        Plan plan = blueGreen("none");
        PlanApply apply = new PlanApply(plan, fx.inventory, executor(), context(plan), factories, store);
        assertThat(apply.liveColour()).isEqualTo("blue");
        PlanApply.Result r = apply.apply(fx.inventory.hosts(plan.hosts()), ExecutorOptions.defaults(), new Printer(),
                PlanJournal.NONE, null, d -> { });

        assertThat(r.colour()).isEqualTo("green");
        assertThat(r.liveColour()).isEqualTo("green");
        assertThat(r.exitCode()).isZero();
        assertThat(sent.keySet()).containsExactlyInAnyOrder("web06", "web07", "web08", "web09", "web10", "db01");
        assertThat(sent.get("db01")).containsExactly(
                "point at green from blue: '127.0.1.6 127.0.1.7 127.0.1.8 127.0.1.9 127.0.1.10'");
        assertThat(new PlanApply(plan, fx.inventory, executor(), context(plan), factories, store).liveColour())
                .isEqualTo("green");

        sent.clear();
        PlanApply.Result back = apply.switchBack(ExecutorOptions.defaults(), new Printer());
        assertThat(back.liveColour()).isEqualTo("blue");
        assertThat(sent.keySet()).containsExactly("db01"); // the old colour was left as it was: no redeploy
        assertThat(sent.get("db01").getFirst()).startsWith("point at blue from green: '127.0.1.1 ");
    }

    @Test
    void blueGreenDoesNotSwitchWhenTheIdleColourFailsItsGate() {
        factories = List.of(fakeRelease);
        dev.muster.core.store.FileRunStore store = new dev.muster.core.store.FileRunStore(dir.resolve("store"));
        Plan plan = blueGreen("web07");
        PlanApply.Result r = new PlanApply(plan, fx.inventory, executor(), context(plan), factories, store)
                .apply(fx.inventory.hosts(plan.hosts()), ExecutorOptions.defaults(), new Printer(), PlanJournal.NONE,
                        null, d -> { });
        assertThat(sent.get("db01")).isNull();
        assertThat(r.liveColour()).isEqualTo("blue");
        assertThat(r.rollout().hostsIn(RolloutResult.HostState.ROLLED_BACK)).isEqualTo(HostSet.parse("web[06-10]"));
        assertThat(r.exitCode()).isEqualTo(1);
    }
}
