package dev.muster.server.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Judging captured script output, no host needed. */
class HostJudgeTest {
    private static final InspectionCheck.Metric DISK = new InspectionCheck.Metric("disk_used_percent /",
            HostMetric.DISK_USED_PERCENT, "/", new Limits(90.0, 95.0));
    private static final InspectionCheck.Metric INODES = new InspectionCheck.Metric("inodes_used_percent /",
            HostMetric.INODES_USED_PERCENT, "/", new Limits(90.0, null));
    private static final InspectionCheck.Service NGINX = new InspectionCheck.Service("service nginx", "nginx");
    private static final InspectionCheck.Log LOG = new InspectionCheck.Log("log app.log", "app.log", "ERROR",
            new Limits(1.0, 10.0));

    private final Map<String, LogCursor> cursors = new HashMap<>();

    private List<CheckResult> judge(String output, InspectionCheck... checks) {
        HostJudge judge = new HostJudge("web1", output, cursors);
        return java.util.stream.IntStream.range(0, checks.length).mapToObj(i -> judge.judge(i, checks[i])).toList();
    }

    @Test
    void dfLinesAreJudgedAsDfComputesUse() {
        String out = """
                @@muster-inspect c0
                /dev/sda1 1000 960 40 96% /
                @@muster-inspect c1
                overlay 100 - - - /
                """;
        assertThat(judge(out, DISK, INODES)).containsExactly(
                new CheckResult("disk_used_percent /", CheckStatus.FAIL, "96", "at or above the fail limit 95"),
                new CheckResult("inodes_used_percent /", CheckStatus.WARN, null,
                        "could not read inodes_used_percent of / on this host"));
    }

    @Test
    void serviceStatesAndAHostWithoutSystemd() {
        assertThat(judge("@@muster-inspect c0\nstate=active\n", NGINX).getFirst().status()).isEqualTo(CheckStatus.PASS);
        assertThat(judge("@@muster-inspect c0\nstate=failed\n", NGINX).getFirst())
                .isEqualTo(new CheckResult("service nginx", CheckStatus.FAIL, "failed", "nginx is failed"));
        assertThat(judge("@@muster-inspect c0\nstate=no-systemd\n", NGINX).getFirst())
                .isEqualTo(new CheckResult("service nginx", CheckStatus.WARN, null,
                        "systemd is not running on this host: cannot tell whether nginx is active"));
    }

    @Test
    void logCountsMoveTheCursorAndAMissingLogWarnsWithoutMovingIt() {
        CheckResult r = judge("@@muster-inspect c0\nrotated=1\nstate=ok ino=77 size=1200 count=3\n", LOG).getFirst();
        assertThat(r).isEqualTo(new CheckResult("log app.log", CheckStatus.WARN, "3",
                "3 new lines match ERROR (the log was rotated)"));
        assertThat(cursors).containsEntry("app.log", new LogCursor("app.log", "77", 1200));

        assertThat(judge("@@muster-inspect c0\nstate=ok ino=77 size=1300 count=1\n", LOG).getFirst().message())
                .isEqualTo("1 new line matches ERROR");

        cursors.clear();
        assertThat(judge("@@muster-inspect c0\nstate=missing\n", LOG).getFirst().status()).isEqualTo(CheckStatus.WARN);
        assertThat(cursors).isEmpty();
    }
}
