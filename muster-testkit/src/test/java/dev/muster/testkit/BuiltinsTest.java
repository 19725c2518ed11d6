package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class BuiltinsTest {

    private static String run(String line) throws Exception {
        Behaviour b = Builtins.resolve(line, "web01", "muster", HostProfile.debian12()).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.run(new ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printfReusesItsFormatForRemainingArguments() {
        assertThat(Printf.format("%s:%d\\n", List.of("a", "1", "b", "x"))).isEqualTo("a:1\nb:0\n");
        assertThat(Printf.format("100%%\\t%c", List.of("yes"))).isEqualTo("100%\ty");
        assertThat(Printf.format("plain", List.of())).isEqualTo("plain");
    }

    @Test
    void dfLooksLikePosixDfOutput() throws Exception {
        String[] lines = run("df -P /").split("\n");
        assertThat(lines[0]).isEqualTo("Filesystem     1024-blocks    Used Available Capacity Mounted on");
        assertThat(lines[1].split("\\s+")).containsExactly("/dev/vda1", "30830588", "4512876", "24776183", "16%", "/");
    }

    @Test
    void uptimeShowsDaysClockUsersAndLoad() throws Exception {
        assertThat(run("uptime")).matches(" \\d\\d:\\d\\d:00 up 41 days,  3:12,  0 users,  load average: 0.08, 0.12, 0.10\n");
    }

    @Test
    void echoWithoutNewlineAndFakeFiles() throws Exception {
        assertThat(run("echo -n a b")).isEqualTo("a b");
        assertThat(run("cat /etc/hostname /proc/loadavg")).isEqualTo("web01\n0.08 0.12 0.10 1/187 4242\n");
        assertThat(run("cat /etc/os-release")).contains("ID=debian\n");
    }

    @Test
    void sequencesOfBuiltinsRunInOrderAndAnUnknownPartLeavesTheWholeLineToThePolicy() throws Exception {
        assertThat(run("export LC_ALL=C; echo 'a;b'; if command -v timeout >/dev/null 2>&1; then timeout 5 echo t; "
                + "else echo e; fi; exit 0")).isEqualTo("a;b\nt\n");
        assertThat(run("tail -n +1 /proc/uptime /proc/loadavg")).startsWith("==> /proc/uptime <==\n")
                .contains("\n\n==> /proc/loadavg <==\n");
        assertThat(Builtins.resolve("echo a; systemctl restart nginx", "h", "u", HostProfile.debian12())).isEmpty();
        assertThat(Builtins.resolve("echo a;; echo b", "h", "u", HostProfile.debian12())).isEmpty();
    }

    @Test
    void procCountersOnlyGrow() throws Exception {
        ProcModel proc = new ProcModel("db01", HostProfile.debian12().withUptime(java.time.Duration.ofDays(3), "1.4, 1, 1"));
        double last = -1;
        for (double t = 0; t < 2_000; t += 7.3) {
            double busy = proc.busySeconds(t);
            assertThat(busy).as("t=" + t).isGreaterThanOrEqualTo(last);
            assertThat(proc.busy(t)).isBetween(0.0, 0.98);
            last = busy;
        }
    }

    @Test
    void commandsItDoesNotKnowAreLeftToThePolicy() {
        assertThat(Builtins.resolve("systemctl restart nginx", "h", "u", HostProfile.debian12())).isEmpty();
        assertThat(Builtins.resolve("uname -x", "h", "u", HostProfile.debian12())).isEmpty();
        assertThat(Builtins.resolve("sleep forever", "h", "u", HostProfile.debian12())).isEmpty();
    }
}
