package dev.muster.server.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InspectionReaderTest {
    private static Inspection read(String yaml) {
        return InspectionReader.read("nightly.yaml", yaml, Path.of("."));
    }

    private static InputException problems(String yaml) {
        try {
            read(yaml);
        } catch (InputException e) {
            return e;
        }
        throw new AssertionError("expected an InputException");
    }

    @Test
    void readsEveryKindOfCheckWithDefaultNames() {
        Inspection i = read("""
                kind: inspection
                name: nightly
                targets: "@web"
                timeout: 20s
                checks:
                  - health: {cmd: "true"}
                  - metric: disk_used_percent
                    warn: 90
                    fail: 95
                  - {metric: inodes_used_percent, mount: /var, fail: 90}
                  - {metric: load_per_core, warn: 2}
                  - service: nginx
                  - {log: /var/log/app.log, pattern: "ERROR|FATAL", warn: 1, fail: 10}
                  - {log: /var/log/other.log, pattern: panic, fail: 1, name: panics}
                """);
        assertThat(i.name()).isEqualTo("nightly");
        assertThat(i.targets()).isEqualTo("@web");
        assertThat(i.hostTimeout()).hasSeconds(20);
        assertThat(i.checks()).extracting(InspectionCheck::name).containsExactly("health cmd true",
                "disk_used_percent /", "inodes_used_percent /var", "load_per_core", "service nginx",
                "log /var/log/app.log", "panics");
        assertThat(i.checks().get(1)).isEqualTo(new InspectionCheck.Metric("disk_used_percent /",
                HostMetric.DISK_USED_PERCENT, "/", new Limits(90.0, 95.0)));
    }

    @Test
    void everyProblemIsReportedAtOnceWithFileLineAndColumn() {
        InputException e = problems("""
                name: nightly
                targets: "@web"
                chekcs: []
                """);
        assertThat(e.getMessage()).contains("nightly.yaml:3:1: unknown key 'chekcs' in the inspection")
                .contains("nightly.yaml:1:1: the inspection needs 'checks'");

        e = problems("""
                name: nightly
                targets: "@web"
                checks:
                  - {metric: disk_free, fail: 90}
                  - {metric: disk_used_percent, warn: 96, fail: 95}
                  - {log: app.log, warn: 1}
                  - {log: app.log, pattern: "(", fail: 1, name: other}
                  - {service: "nginx; rm -rf /"}
                  - {metric: memory_used_percent, mount: /, fail: 90}
                  - {health: {http: "http://x", cmd: "true"}}
                  - {metric: cpu_percent}
                  - {service: a, log: b}
                """);
        assertThat(e.problems()).extracting(Throwable::getMessage).anySatisfy(m -> assertThat(m)
                        .startsWith("nightly.yaml:4:14: unknown metric 'disk_free'"))
                .anySatisfy(m -> assertThat(m).isEqualTo("nightly.yaml:5:39: warn (96) must not be above fail (95)"))
                .anySatisfy(m -> assertThat(m).startsWith("nightly.yaml:6:5: a log check needs 'pattern'"))
                .anySatisfy(m -> assertThat(m).startsWith("nightly.yaml:7:29: bad regular expression"))
                .anySatisfy(m -> assertThat(m).startsWith("nightly.yaml:8:15: service must be a unit name"))
                .anySatisfy(m -> assertThat(m).startsWith("nightly.yaml:9:35: 'mount' is only for"))
                .anySatisfy(m -> assertThat(m).startsWith("nightly.yaml:10:14: health check needs exactly one of http, tcp, cmd"))
                .anySatisfy(m -> assertThat(m).startsWith("nightly.yaml:11:5: give 'warn', 'fail' or both"))
                .anySatisfy(m -> assertThat(m).startsWith("nightly.yaml:12:5: a check needs exactly one of"));
    }

    @Test
    void aBadSelectorIsReportedInsideTheTargetsString() {
        InputException e = problems("""
                name: nightly
                targets: "@web&)"
                checks: [{service: nginx}]
                """);
        assertThat(e.getMessage()).startsWith("nightly.yaml:2:16: bad selector");
    }

    @Test
    void twoChecksWithOneNameAreRefused() {
        InputException e = problems("""
                name: n
                targets: all
                checks:
                  - service: nginx
                  - service: nginx
                """);
        assertThat(e.getMessage()).isEqualTo("nightly.yaml:5:5: two checks are named 'service nginx' (first at line 4);"
                + " give one a different 'name'");
    }

    @Test
    void malformedYamlAndAWrongKindAreInputErrors() {
        assertThatThrownBy(() -> read("name: [unclosed")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("nightly.yaml:1:");
        assertThat(problems("kind: plan\nname: n\ntargets: all\nchecks: [{service: a}]\n").getMessage())
                .isEqualTo("nightly.yaml:1:7: kind must be 'inspection', found \"plan\"");
    }
}
