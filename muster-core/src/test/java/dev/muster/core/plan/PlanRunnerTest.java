package dev.muster.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.Rollout;
import dev.muster.core.strategy.RolloutListener;
import dev.muster.core.strategy.RolloutResult;
import dev.muster.core.strategy.Rollback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        return new ExecResult(exit, null, stdout.getBytes(StandardCharsets.UTF_8), new byte[0], false);
    }

    private Executor executor() {
        Transport transport = new Transport() {
            @Override
            public Connection connect(Host host) {
                return new Connection() {
                    @Override
                    public Host host() {
                        return host;
                    }

                    @Override
                    public ExecResult exec(ExecRequest request) {
                        sent.computeIfAbsent(host.name(), h -> new CopyOnWriteArrayList<>()).add(request.command());
                        if (request.stdin() != null) {
                            stdin.put(host.name(), new String(request.stdin(), StandardCharsets.UTF_8));
                        }
                        return answers.apply(host.name(), request.command());
                    }

                    @Override
                    public void invalidate() {
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        return new Executor(transport, Clock.systemUTC(), new Random(1));
    }

    private RunResult runBatch(Plan plan, String selector) throws Exception {
        PlanRunner runner = new PlanRunner(plan, executor(), null);
        return runner.run(fx.inventory.hosts(HostSet.parse(selector)), ExecutorOptions.defaults());
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
    void stepsThatCannotBeAppliedYetAreBadInputBeforeAnythingRuns() {
        Plan plan = fx.read("name: x\ntargets: all\nsteps:\n  - run: a\n  - push: {src: a, dest: b}\n  - wait: 3s\n");
        assertThatThrownBy(() -> new PlanRunner(plan, executor(), null))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.getMessage().replace(dir + "/", ""))
                        .containsExactly("plan.yaml:5: push steps cannot be applied yet (only run and script steps can)",
                                "plan.yaml:6: wait steps cannot be applied yet (only run and script steps can)"));
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
        RolloutResult r = new Rollout(new PlanRunner(plan, executor(), null), d -> { })
                .run(fx.inventory.hosts(plan.hosts()), plan.strategy(), ExecutorOptions.defaults(), List.of(),
                        Rollback.NONE, RolloutListener.NONE);

        // Batch 2 (web02-04): 1 of 4 attempted = 25%, not more than 25: go on. Every host runs.
        assertThat(r.batches()).hasSize(4);
        assertThat(r.hostsIn(RolloutResult.HostState.FAILED)).isEqualTo(HostSet.parse("web02"));
        assertThat(sent.get("web02")).containsExactly("deploy");
        assertThat(r.exitCode()).isEqualTo(1);
    }
}
