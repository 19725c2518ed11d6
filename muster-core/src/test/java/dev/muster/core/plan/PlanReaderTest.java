package dev.muster.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.BatchSize;
import dev.muster.core.strategy.StrategySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanReaderTest {
    @TempDir
    Path dir;
    PlanFixture fx;

    @BeforeEach
    void setUp() {
        fx = new PlanFixture(dir);
        fx.write("migrate.sh", "#!/bin/sh\necho migrated\n");
        fx.write("common/smoke.yaml", """
                name: smoke
                handlers:
                  reload balancer: {run: systemctl reload haproxy}
                steps:
                  - check: {cmd: "curl -fsS localhost:8080/health", passing_after: 2}
                """);
    }

    static final String FULL = """
            name: release
            targets: "@web,@db"
            environment: prod
            vars: {version: 1.4.2, flags: [a, b]}
            strategy:
              kind: rolling
              batch: [1, 5, "25%"]
              max_unavailable: 2
              max_fail_percentage: 20
              pause: 30s
              rollback: all
            gates:
              - name: health
                check: {http: "http://{address}:8080/health", expect: "200", passing_after: 3, interval: 2s}
                timeout: 2m
            handlers:
              restart app: {run: systemctl restart app, sudo: true}
            steps:
              - name: drain
                run: drain --host {name}
                hosts: "@web"
                changed_when: false
              - script: migrate.sh
                args: [--to, "1.4.2"]
                hosts: db01
                creates: /var/lib/app/migrated-1.4.2
                register: migration
                timeout: 5m
              - push: {src: ./site/, dest: /srv/www/, delete: true, exclude: ["*.log"], mode: "0644", max_delete: 20}
                notify: restart app
              - template: {src: templates/app.conf.peb, dest: /etc/app.conf, validate: "app --check {}"}
                notify: [restart app, reload balancer]
              - release: {artifact: dist/app.tar.gz, base: /srv/app, keep: 5}
              - wait: 10s
              - wait: {until: {tcp: "8080"}, timeout: 1m}
              - approve: canary looks good?
              - include: common/smoke.yaml
              - run: echo done
                changed_when: {stdout: "^changed"}
            rollback:
              - run: switch-back previous
            """;

    @Test
    void aFullPlanBecomesTypedValidatedSteps() {
        Plan plan = fx.read(FULL);

        assertThat(plan.name()).isEqualTo("release");
        assertThat(plan.hosts()).isEqualTo(HostSet.parse("web[01-10],db[01-02]"));
        assertThat(plan.environment()).isEqualTo("prod");
        assertThat(plan.vars()).containsEntry("version", "1.4.2").containsEntry("flags", List.of("a", "b"));
        assertThat(plan.steps()).extracting(PlanStep::kind).containsExactly(StepKind.RUN, StepKind.SCRIPT,
                StepKind.PUSH, StepKind.TEMPLATE, StepKind.RELEASE, StepKind.WAIT, StepKind.WAIT, StepKind.APPROVE,
                StepKind.CHECK, StepKind.RUN);

        PlanStep drain = plan.steps().get(0);
        assertThat(drain.hostSet()).isEqualTo(HostSet.parse("web[01-10]"));
        assertThat(drain.body()).isEqualTo(new PlanStep.Run("drain --host {name}", false, null,
                new PlanStep.ChangedWhen(false, null, null), null));
        assertThat(drain.line()).isEqualTo(19);

        PlanStep migrate = plan.steps().get(1);
        assertThat(migrate.hostSet()).isEqualTo(HostSet.parse("db01"));
        assertThat(migrate.register()).isEqualTo("migration");
        assertThat(migrate.body()).isEqualTo(new PlanStep.Script("migrate.sh", List.of("--to", "1.4.2"), false,
                Duration.ofMinutes(5), PlanStep.ChangedWhen.ALWAYS, "/var/lib/app/migrated-1.4.2"));

        PlanStep push = plan.steps().get(2);
        assertThat(push.notifies()).containsExactly("restart app");
        assertThat(((PlanStep.Options) push.body()).options()).isEqualTo(Map.of("src", "./site/", "dest", "/srv/www/",
                "delete", true, "exclude", List.of("*.log"), "mode", "0644", "max_delete", 20));
        assertThat(push.describe()).isEqualTo("push: ./site/ → /srv/www/");

        assertThat(plan.steps().get(5).body()).isEqualTo(new PlanStep.Wait(Duration.ofSeconds(10), null, null));
        assertThat(plan.steps().get(6).body()).isEqualTo(new PlanStep.Wait(null, Map.of("tcp", "8080"), Duration.ofMinutes(1)));
        assertThat(plan.steps().get(7).body()).isEqualTo(new PlanStep.Approve("canary looks good?", Duration.ofHours(1)));

        PlanStep smoke = plan.steps().get(8);
        assertThat(smoke.source()).isEqualTo(dir.resolve("common/smoke.yaml").toString());
        assertThat(smoke.line()).isEqualTo(5);
        assertThat(((PlanStep.Options) smoke.body()).options()).containsEntry("passing_after", 2);
        assertThat(plan.steps().get(9).body()).isEqualTo(new PlanStep.Run("echo done", false, null,
                new PlanStep.ChangedWhen(null, "^changed", null), null));

        assertThat(plan.handlers()).containsOnlyKeys("restart app", "reload balancer");
        assertThat(plan.rollback()).extracting(PlanStep::describe).containsExactly("run: switch-back previous");
        assertThat(plan.gates()).containsExactly(new Plan.GateSpec("health",
                Map.of("http", "http://{address}:8080/health", "expect", "200", "passing_after", 3,
                        "interval", Duration.ofSeconds(2)), Duration.ofMinutes(2), 13));

        StrategySpec s = plan.strategy();
        assertThat(s.kind()).isEqualTo(StrategySpec.Kind.ROLLING);
        assertThat(s.batches()).containsExactly(BatchSize.count(1), BatchSize.count(5), BatchSize.percent(25));
        assertThat(s.maxUnavailable()).isEqualTo(BatchSize.count(2));
        assertThat(s.maxFailPercentage()).isEqualTo(20);
        assertThat(s.pause()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.rollbackScope()).isEqualTo(StrategySpec.RollbackScope.ALL);
        assertThat(s.batchSizes(plan.hosts().size())).containsExactly(1, 5, 3, 3);
    }

    @Test
    void aMinimalPlanRunsEverywhereAtOnceAndStopsOnNothing() {
        Plan plan = fx.read("name: uptime\ntargets: all\nsteps:\n  - run: uptime\n");
        assertThat(plan.strategy()).isEqualTo(StrategySpec.all());
        assertThat(plan.hosts().size()).isEqualTo(14);
        assertThat(plan.steps().getFirst().hostSet()).isEqualTo(plan.hosts());
        assertThat(plan.steps().getFirst().hosts()).isNull();
    }

    @Test
    void resumeIsManualUnlessThePlanSaysAuto() {
        assertThat(fx.read("name: x\ntargets: all\nsteps: [{run: uptime}]\n").resumeAuto()).isFalse();
        assertThat(fx.read("name: x\ntargets: all\nresume: manual\nsteps: [{run: uptime}]\n").resumeAuto()).isFalse();
        assertThat(fx.read("name: x\ntargets: all\nresume: auto\nsteps: [{run: uptime}]\n").resumeAuto()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.read("name: x\ntargets: all\nresume: always\n"
                + "steps: [{run: uptime}]\n")).isInstanceOf(dev.muster.core.InputException.class)
                .hasMessageContaining(":3:").hasMessageContaining("resume must be auto or manual, found \"always\"");
    }

    @Test
    void environmentNarrowsTheTargets() {
        Plan plan = fx.read("name: x\ntargets: all\nenvironment: staging\nsteps: [{run: uptime}]\n");
        assertThat(plan.hosts()).isEqualTo(HostSet.parse("stage[01-02]"));
    }

    @Test
    void strategyShorthandsAndPercentages() {
        Plan all = fx.read("name: x\ntargets: all\nstrategy: all\nsteps: [{run: uptime}]\n");
        assertThat(all.strategy().kind()).isEqualTo(StrategySpec.Kind.ALL);
        Plan rolling = fx.read("name: x\ntargets: all\nstrategy: {batch: \"10%\", max_fail_percentage: \"5%\"}\n"
                + "steps: [{run: uptime}]\n");
        assertThat(rolling.strategy().kind()).isEqualTo(StrategySpec.Kind.ROLLING);
        assertThat(rolling.strategy().maxFailPercentage()).isEqualTo(5);
        assertThat(rolling.strategy().batchSizes(14)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Plan blueGreen = fx.read("name: x\ntargets: all\nstrategy: {kind: blue_green, blue: \"web[01-05]\", green: "
                + "\"web[06-10]\"}\nsteps: [{run: uptime}]\nswitch:\n  - run: point lb at {{ colour }}\n    hosts: db01\n");
        assertThat(blueGreen.strategy().blueGreen()).isEqualTo(new StrategySpec.BlueGreen("web[01-05]", "web[06-10]"));
        assertThat(blueGreen.switchSteps()).singleElement().satisfies(s -> {
            assertThat(s.hostSet()).isEqualTo(HostSet.parse("db01")); // outside the targets: the balancer
            assertThat(s.describe()).isEqualTo("run: point lb at {{ colour }}");
        });
    }
}
