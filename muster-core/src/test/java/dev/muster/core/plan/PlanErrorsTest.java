package dev.muster.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every problem in a plan is reported at once, each with file:line:col and what was expected. */
class PlanErrorsTest {
    @TempDir
    Path dir;
    PlanFixture fx;

    @BeforeEach
    void setUp() {
        fx = new PlanFixture(dir);
    }

    @Test
    void everyProblemIsReportedInFileOrderWithItsPosition() {
        assertThat(fx.errors("""
                name: release
                targets: "@web,@dbb"
                environment: prdo
                stpes: []
                strategy: {kind: rollin, batch: [0, "150%"], pause: soon, max_fail_percentage: 120}
                steps:
                  - rnu: uptime
                  - run: uptime
                    timeout: 5 minutes
                    hosts: "@nope"
                  - push: {src: a, mode: 644, delete: yes please, exlude: x}
                    notify: restrat app
                  - wait: forever
                handlers:
                  restart app: {run: systemctl restart app}
                """)).containsExactly(
                "plan.yaml:2:17: targets \"@web,@dbb\": no group named 'dbb'; did you mean db?",
                "plan.yaml:3:14: no environment named 'prdo' in the inventory; did you mean prod?",
                "plan.yaml:4:1: unknown key 'stpes' in the plan; did you mean steps?",
                "plan.yaml:5:18: strategy kind must be one of all, rolling, blue_green, switchover, found \"rollin\"; did you mean rolling?",
                "plan.yaml:5:34: batch size must be a host count of 1 or more like 5, or a percentage 1-100% like \"25%\", found 0",
                "plan.yaml:5:37: batch size must be a host count of 1 or more like 5, or a percentage 1-100% like \"25%\", found \"150%\"",
                "plan.yaml:5:53: pause must be a duration like 10s, 500ms or 2m, found \"soon\"",
                "plan.yaml:5:80: max_fail_percentage must be a whole number 0-100, found 120",
                "plan.yaml:7:5: unknown step kind 'rnu' in step 1; did you mean run?",
                "plan.yaml:9:14: step 2 timeout must be a duration like 10s, 500ms or 2m, found \"5 minutes\"",
                "plan.yaml:10:14: step 2 hosts \"@nope\": no group named 'nope'",
                "plan.yaml:11:11: step 3 push needs 'dest'",
                "plan.yaml:11:26: step 3 push option 'mode' must be octal permissions written as a string like \"0644\", found 644",
                "plan.yaml:11:39: step 3 push option 'delete' must be true or false, found \"yes please\"",
                "plan.yaml:11:51: unknown key 'exlude' in step 3 push; did you mean exclude?",
                "plan.yaml:12:13: no handler named 'restrat app'; did you mean restart app?",
                "plan.yaml:13:11: step 4 wait must be a duration like 10s, 500ms or 2m, found \"forever\"");
    }

    @Test
    void theExceptionIsBadInputCarryingEachProblem() {
        assertThatThrownBy(() -> fx.read("name: x\ntargets: all\nsteps: [{rnu: a}, {run: b, sudo: 1}]\n"))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.problems()).extracting(InputException::line, InputException::column)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 10),
                                    org.assertj.core.groups.Tuple.tuple(3, 34));
                    assertThat(e.getMessage()).contains("\n");
                });
    }

    @Test
    void unknownStepKindsAndKeysNotAllowedForTheKind() {
        assertThat(fx.errors("""
                name: x
                targets: all
                steps:
                  - deploy: now
                  - name: only a name
                  - run: uptime
                    args: [a]
                  - run: a
                    script: b.sh
                  - wait: 3s
                    notify: h
                """)).containsExactly(
                "plan.yaml:4:5: unknown step kind 'deploy' in step 1; expected one of run, script, push, template, "
                        + "release, check, wait, approve, include",
                "plan.yaml:5:5: step 2 (only a name) needs one of run, script, push, template, release, check, wait, "
                        + "approve, include",
                "plan.yaml:7:5: 'args' is not allowed in a run step; allowed: name, hosts, register, notify, run, sudo, "
                        + "timeout, changed_when, creates",
                "plan.yaml:9:5: step 4 has more than one step kind: run, script; write one step each",
                "plan.yaml:11:5: 'notify' is only for steps that can change something (run, script, push, template, "
                        + "release), not wait");
    }

    @Test
    void optionSchemasOfOtherModulesAreCheckedInCore() {
        assertThat(fx.errors("""
                name: x
                targets: all
                steps:
                  - check: {http: "http://x", tcp: "22", from: here}
                  - release: {artifact: a.tgz, base: /srv/app, keep: -1, sha256: abc}
                  - template: {src: a.peb}
                gates:
                  - check: {cmd: "true", body_matches: "([a-"}
                    within: 5m
                """)).containsExactly(
                "plan.yaml:4:12: step 1 check needs exactly one of http, tcp, cmd, found 2",
                "plan.yaml:4:48: step 1 check option 'from' must be one of controller, host, found \"here\"",
                "plan.yaml:5:54: step 2 release option 'keep' must be a whole number 0 or more, found -1",
                "plan.yaml:5:66: step 2 release option 'sha256' must be 64 hex digits (a SHA-256), found \"abc\"",
                "plan.yaml:6:15: step 3 template needs 'dest'",
                "plan.yaml:8:40: gate 1 check option 'body_matches' is not a valid regular expression: Illegal character range",
                "plan.yaml:9:5: unknown key 'within' in gate 1; allowed: name, check, timeout");
    }

    @Test
    void includeCyclesNameTheChain() {
        fx.write("plays/a.yaml", "name: a\nsteps:\n  - include: b.yaml\n");
        fx.write("plays/b.yaml", "steps:\n  - run: uptime\n  - include: a.yaml\n");
        assertThat(fx.errors("name: x\ntargets: all\nsteps:\n  - include: plays/a.yaml\n")).containsExactly(
                "plays/b.yaml:3:14: include cycle: plays/a.yaml → plays/b.yaml → plays/a.yaml");
        assertThat(fx.errors("name: x\ntargets: all\nsteps:\n  - include: plan.yaml\n")).containsExactly(
                "plan.yaml:4:14: include cycle: plan.yaml → plan.yaml");
        fx.write("common/loop.yaml", "steps:\n  - include: ../plan.yaml\n");
        assertThat(fx.errors("name: x\ntargets: all\nsteps:\n  - include: common/loop.yaml\n")).containsExactly(
                "common/loop.yaml:2:14: include cycle: plan.yaml → common/loop.yaml → plan.yaml");
    }

    @Test
    void includedPlansMayOnlyHoldStepsAndHandlersAndMustExist() {
        fx.write("inc.yaml", "name: inc\ntargets: all\nsteps: [{run: a}]\n");
        assertThat(fx.errors("name: x\ntargets: all\nsteps:\n  - include: inc.yaml\n  - include: gone.yaml\n"))
                .containsExactly(
                        "plan.yaml:5:14: cannot read included plan 'gone.yaml': no such file",
                        "inc.yaml:2:1: 'targets' is only allowed in the top plan file, not in an included plan "
                                + "(allowed: name, steps, handlers)");
    }

    @Test
    void selectorsAreCheckedAgainstTheInventoryWithColumnsInThePlan() {
        assertThat(fx.errors("""
                name: x
                targets: web[01-12]
                steps:
                  - run: a
                    hosts: "web01&("
                """)).containsExactly(
                "plan.yaml:2:10: targets \"web[01-12]\": no host or group named web[11-12] (2 names of 'web[01-12]')",
                "plan.yaml:5:20: step 1 hosts \"web01&(\": expected a host name, @group, label or '(' but found the end");
        assertThat(fx.errors("name: x\ntargets: all\nenvironment: staging\nsteps: [{run: a, hosts: \"@web\"}]\n"))
                .containsExactly("plan.yaml:4:25: step 1 hosts \"@web\" match none of the plan's hosts (stage[01-02])");
        assertThat(fx.errors("name: x\ntargets: role=nothing\nsteps: [{run: a}]\n"))
                .containsExactly("plan.yaml:2:10: targets \"role=nothing\" match no host in the inventory");
    }

    @Test
    void strategyValuesMustFitTheKind() {
        assertThat(fx.errors("name: x\ntargets: all\nsteps: [{run: a}]\nstrategy: {kind: all, batch: 3}\n"))
                .containsExactly("plan.yaml:4:23: 'batch' is only for kind rolling, not all");
        assertThat(fx.errors("name: x\ntargets: all\nsteps: [{run: a}]\nstrategy: rolling\n"))
                .containsExactly("plan.yaml:4:11: strategy rolling needs settings: write it as a mapping, e.g. "
                        + "{kind: rolling, batch: 5}");
        assertThat(fx.errors("name: x\ntargets: all\nsteps: [{run: a}]\nstrategy: {kind: rolling, rollback: some}\n"))
                .containsExactly(
                        "plan.yaml:4:11: a rolling strategy needs 'batch': a host count, a percentage like \"25%\", "
                                + "or a list like [1, 5, \"25%\"]",
                        "plan.yaml:4:37: rollback must be one of batch, all, none (which batches a failed gate rolls "
                                + "back), found \"some\"");
        assertThat(fx.errors("name: x\ntargets: all\nsteps: [{run: a}]\nstrategy: {kind: blue_green, green: \"@nop\"}\n"))
                .containsExactly(
                        "plan.yaml:4:11: a blue_green strategy needs 'blue': a selector for that colour's hosts",
                        "plan.yaml:4:39: green \"@nop\": no group named 'nop'");
        assertThat(fx.errors("name: x\ntargets: all\nsteps: [{run: a}]\nstrategy: {kind: blue_green, blue: web01, "
                + "green: web02}\n")).containsExactly("plan.yaml:1:1: a blue_green plan needs 'switch': the steps that "
                + "move traffic to the newly deployed colour (e.g. render the balancer's upstreams and reload it)");
        assertThat(fx.errors("name: x\ntargets: all\nsteps: [{run: a}]\nswitch: [{run: reload}]\n"))
                .containsExactly("plan.yaml:4:1: 'switch' is only for a blue_green strategy, not all");
        assertThat(fx.errors("name: x\ntargets: all\nsteps: [{run: a}]\nstrategy: {kind: blue_green, blue: web01, "
                + "green: web02}\nswitch: [{run: reload}]\n"))
                .containsExactly("plan.yaml:5:10: switch step 1 needs 'hosts': where traffic is switched (e.g. \"@lb\")");
    }

    @Test
    void missingRequiredKeysWrongShapesAndBadYaml() {
        assertThat(fx.errors("targets: all\nsteps: []\n")).containsExactly(
                "plan.yaml:1:1: the plan needs 'name'",
                "plan.yaml:2:8: steps is empty: a plan needs at least one step");
        assertThat(fx.errors("name: x\ntargets: [a]\nsteps: {run: a}\n")).containsExactly(
                "plan.yaml:2:10: targets must be a string, found a list",
                "plan.yaml:3:8: steps must be a list of steps, found a mapping");
        assertThat(fx.errors("name: x\n  targets: all\n")).containsExactly(
                "plan.yaml:2:10: malformed YAML: mapping values are not allowed here");
        assertThat(fx.errors("")).containsExactly("plan.yaml:1:1: the plan is empty: it needs name, targets and steps");
    }

    @Test
    void stepDetails() {
        assertThat(fx.errors("""
                name: x
                targets: all
                steps:
                  - run: ""
                    register: 1bad
                  - script: nothere.sh
                  - approve: {message: ok, timeout: never}
                  - run: a
                    register: out
                    changed_when: maybe
                  - run: b
                    register: out
                    changed_when: {stdout: "(("}
                """)).containsExactly(
                "plan.yaml:4:10: step 1 run must be a command, found \"\"",
                "plan.yaml:5:15: register must be a name of letters, digits and _ (not starting with a digit), found \"1bad\"",
                "plan.yaml:6:13: script file 'nothere.sh' not found (looked for nothere.sh)",
                "plan.yaml:7:37: approve timeout must be a duration like 10s, 500ms or 2m, found \"never\"",
                "plan.yaml:10:19: changed_when must be true, false, {stdout: REGEX} or {stderr: REGEX}, found \"maybe\"",
                "plan.yaml:12:15: register name 'out' is already used by the step at line 8",
                "plan.yaml:13:28: changed_when stdout is not a valid regular expression: Unclosed group");
    }
}
