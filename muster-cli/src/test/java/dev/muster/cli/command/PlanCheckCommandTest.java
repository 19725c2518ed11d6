package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCheckCommandTest {
    @TempDir
    Path dir;
    PlanDir plans;

    @BeforeEach
    void setUp() throws Exception {
        plans = PlanDir.of(dir, """
                hosts:
                  "web[01-29]": {address: "127.0.1.[1-29]", env: prod}
                  db01: {env: prod}
                groups:
                  web: {hosts: ["web[01-29]"]}
                environments:
                  prod: {protected: true}
                """);
    }

    private Path write(String name, String text) {
        return plans.write(name, text);
    }

    private CliResult muster(String... args) {
        return plans.muster(args);
    }

    @Test
    void aValidPlanPrintsHostsStepsAndTheBatchesItWouldRun() throws Exception {
        write("common/smoke.yaml", "steps:\n  - check: {cmd: \"true\"}\n");
        write("site/index.html", "<h1>hi</h1>\n");
        Path plan = write("release.yaml", """
                name: release
                targets: "@web"
                environment: prod
                strategy: {kind: rolling, batch: [1, 5, "25%"], max_fail_percentage: 20, pause: 30s}
                gates:
                  - name: health
                    check: {http: "http://{address}:8080/health"}
                    timeout: 2m
                handlers:
                  restart: {run: systemctl restart app}
                steps:
                  - name: stop traffic
                    run: drain
                    hosts: web01
                  - push: {src: ./site/, dest: /srv/www/}
                    notify: restart
                  - include: common/smoke.yaml
                rollback:
                  - run: switch-back
                """);
        CliResult r = muster("plan", "check", plan.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).containsExactly(
                "plan release (" + plan + "): valid",
                "targets: @web → web[01-29] (29), environment prod",
                "steps: 3",
                "  1. run: drain  (stop traffic)  on web01 (1)",
                "  2. push: ./site/ → /srv/www/",
                "  3. check: cmd true  from " + dir.resolve("common/smoke.yaml") + ":2",
                "strategy: rolling, batches: 1, 5, 25% → [1, 5, 7, 7, 7, 2] hosts, max_fail_percentage 20, pause 30s, "
                        + "rollback batch",
                "gates: health: http http://{address}:8080/health within 2m",
                "handlers: restart",
                "rollback: 1 step",
                "  1. run: switch-back");
        assertThat(Files.exists(dir.resolve("store"))).as("nothing ran or was recorded").isFalse();
    }

    @Test
    void aPlanWithoutStrategyRunsEverywhereAtOnce() throws Exception {
        Path plan = write("uptime.yaml", "name: uptime\ntargets: all\nsteps: [{run: uptime}]\n");
        CliResult r = muster("plan", "check", plan.toString(), "-f", "8");
        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).contains("strategy: all → [30] hosts, at most 8 at once");
    }

    @Test
    void everyProblemIsPrintedWithFileLineAndColumnAndExitIs2() throws Exception {
        Path plan = write("bad.yaml", """
                name: bad
                targets: "@wbe"
                strategy: {kind: rolling, batch: "0%"}
                steps:
                  - rnu: uptime
                """);
        CliResult r = muster("plan", "check", plan.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly(
                plan + ":2:12: targets \"@wbe\": no group named 'wbe'; did you mean web?",
                plan + ":3:34: batch size must be a host count of 1 or more like 5, or a percentage 1-100% like \"25%\", "
                        + "found \"0%\"",
                plan + ":5:5: unknown step kind 'rnu' in step 1; did you mean run?",
                "plan check: 3 problems in " + plan + "; nothing would run");
    }

    @Test
    void aBrokenInventoryIsReportedAsSuchNotAsAPlanProblem() throws Exception {
        Path plan = write("ok.yaml", "name: x\ntargets: all\nsteps: [{run: uptime}]\n");
        write("inventory.yaml", "hosts:\n  web01: {port: abc}\n");
        CliResult r = muster("plan", "check", plan.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("muster: " + plans.inventory() + ":2:").doesNotContain("plan check:");
    }

    @Test
    void aMissingPlanFileIsBadInput() {
        CliResult r = muster("plan", "check", dir.resolve("nope.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yaml: cannot read the plan: no such file");
    }

    @Test
    void planWithoutASubcommandIsAUsageError() {
        CliResult r = CliResult.run(List.of("plan"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("a plan command is required: check");
    }

    @Test
    void stepsAreBuiltAsApplyWouldSoVariablesAndArtifactsAreCheckedToo() throws Exception {
        Path plan = write("app.yaml", """
                name: app
                targets: "@web"
                steps:
                  - release: {artifact: "dist/app-{{ version }}.tar.gz", base: /srv/app}
                """);
        CliResult undefined = muster("plan", "check", plan.toString());
        assertThat(undefined.exit()).isEqualTo(2);
        assertThat(undefined.err()).contains(plan + ":4: step 'release: dist/app-{{ version }}.tar.gz → /srv/app' uses "
                + "{{ version }}, which is not defined");
        CliResult missing = muster("plan", "check", plan.toString(), "-e", "version=1.0");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains(plan + ":4: release: artifact " + dir.resolve("dist/app-1.0.tar.gz")
                + " does not exist");
        Files.createDirectories(dir.resolve("dist"));
        Process tar = new ProcessBuilder("tar", "-czf", dir.resolve("dist/app-1.0.tar.gz").toString(), "-C",
                dir.toString(), "app.yaml").start();
        assertThat(tar.waitFor()).isZero();
        CliResult ok = muster("plan", "check", plan.toString(), "-e", "version=1.0");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(Files.exists(dir.resolve("store"))).as("nothing ran or was recorded").isFalse();
    }

    @Test
    void withoutAnInventoryThePlansOwnProblemsAreReportedAndTheTargetsSaidToBeUnresolved() throws Exception {
        Path plan = write("broken.yaml", """
                name: broken
                targets: "@web"
                steps:
                  - rnu: uptime
                  - run: [echo
                """);
        Path none = dir.resolve("no-such-inventory.yaml");
        CliResult r = CliResult.run(List.of("plan", "check", plan.toString(), "-i", none.toString()));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).containsPattern(java.util.regex.Pattern.quote(plan.toString()) + ":\\d+:\\d+: ")
                .contains("plan check: targets not resolved: no inventory: " + none + " does not exist");
        assertThat(r.err()).doesNotContain("Exception");

        Path valid = write("valid.yaml", "name: ok\ntargets: \"@web\"\nsteps:\n  - run: uptime\n");
        CliResult unresolved = CliResult.run(List.of("plan", "check", valid.toString(), "-i", none.toString()));
        assertThat(unresolved.exit()).isEqualTo(3);
        assertThat(unresolved.err()).isEqualTo("plan check: " + valid + " has no problem of its own, but its targets "
                + "could not be resolved: no inventory: " + none + " does not exist\n");
    }

    @Test
    void aRunStepUsingAnUndefinedHostFieldOrVariableIsBadInputBeforeAnythingRuns() throws Exception {
        Path plan = write("labels.yaml", """
                name: labels
                targets: "@web"
                steps:
                  - run: echo {{ host.labels.role }}
                """);
        CliResult r = muster("plan", "check", plan.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains(plan + ":4: step 'run: echo {{ host.labels.role }}' uses {{ host.labels.role }}, "
                + "which is not defined").doesNotContain("Exception").doesNotContain("dev.muster");
    }

    @Test
    void aCheckStylePlaceholderInARunCommandIsRefusedWithTheSpellingToUse() throws Exception {
        Path plan = write("drain.yaml", """
                name: drain
                targets: "@web"
                vars: {pool: blue}
                steps:
                  - run: lb-drain {name} --pool {pool} --from {address}
                  - run: awk '{print $1}' /etc/hosts; echo ${HOME} {unknown}
                """);
        CliResult r = muster("plan", "check", plan.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains(plan + ":5: step 'run: lb-drain {name} --pool {pool} --from {address}' writes "
                        + "{name}: run commands take {{ host.name }}",
                plan + ":5: step 'run: lb-drain {name} --pool {pool} --from {address}' writes {pool}: run commands "
                        + "take {{ pool }}",
                plan + ":5: step 'run: lb-drain {name} --pool {pool} --from {address}' writes {address}: run "
                        + "commands take {{ host.address }}")
                .contains("plan check: 3 problems in " + plan);
    }

    @Test
    void theManualsExamplePlanChecksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "plans.md"));
        int plans = readme.indexOf("## Plans:");
        int from = readme.indexOf("```yaml\n", plans) + "```yaml\n".length();
        String example = readme.substring(from, readme.indexOf("```", from));
        assertThat(example).startsWith("name: release\n");
        Path plan = write("plans/release.yaml", example);
        write("plans/migrate.sh", "#!/bin/sh\ntrue\n");
        write("plans/site/index.html", "<h1>hi</h1>\n");
        write("plans/templates/app.conf.peb", "version {{ version }}\n");
        write("plans/common/smoke.yaml", "steps:\n  - check: {cmd: \"true\"}\n");
        Files.createDirectories(dir.resolve("plans/dist"));
        Process tar = new ProcessBuilder("tar", "-czf", dir.resolve("plans/dist/app-1.4.2.tar.gz").toString(), "-C",
                dir.resolve("plans/site").toString(), "index.html").start();
        assertThat(tar.waitFor()).isZero();

        CliResult r = muster("plan", "check", plan.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("  1. run: lb-drain {{ host.name }}  (drain)  on web01 (1)");
    }
}
