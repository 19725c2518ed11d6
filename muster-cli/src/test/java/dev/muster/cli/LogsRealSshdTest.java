package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.testkit.OpenSshAssumptions;
import dev.muster.testkit.OpenSshFleet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `muster logs --follow` stopped by Ctrl-C, and `muster grep` for a trace id, on 20 real OpenSSH
 * hosts with private /srv. Skipped (with the reason) without root or sshd, unless MUSTER_REQUIRE_SSHD=1.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LogsRealSshdTest {
    private static final int HOSTS = 20;
    private static OpenSshFleet fleet;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startFleet() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(HOSTS).baseAddress("127.0.78.1").perHostDirs(true).start();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void ctrlCStopsAFollowExitsWith130AndLeavesNoTailOnTheHosts() throws Exception {
        String file = "/srv/log/ctrl-c-" + UUID.randomUUID() + ".log";
        for (String h : List.of("host01", "host02", "host03")) {
            write(h, file, "hello from " + h);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.muster.cli.Main", "logs", "host0[1-3]", file, "--follow", "--inventory", fleet.inventory().toString(),
                "--known-hosts", fleet.knownHosts().toString(), "--identity",
                fleet.clientKey().privateKeyFile().toString(), "--store", tmp.resolve("store").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        awaitLine(out, lines, "host01 | hello from host01");
        awaitLine(out, lines, "host03 | hello from host03");
        awaitLine(out, lines, "host02 | hello from host02");
        Files.writeString(fleet.hostPath("host02", file), "fresh line\n", StandardOpenOption.APPEND);
        awaitLine(out, lines, "host02 | fresh line");
        assertThat(tailsOf(file)).hasSize(3);

        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
        assertThat(String.join("\n", lines)).contains("logs: 3 hosts · 3 ok · 0 failed · 4 lines").contains("interrupted");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!tailsOf(file).isEmpty()) {
            assertThat(System.nanoTime()).as("remote tails still running: %s", tailsOf(file)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void aTraceIdIsFoundOnTheThreeHostsOfTwentyThatLoggedIt() throws Exception {
        String trace = "trace=" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        for (int i = 1; i <= HOSTS; i++) {
            String host = String.format("host%02d", i);
            write(host, "/srv/app/api.log", "GET /health 200", i == 9 ? "POST /pay 502 " + trace : "GET /orders 200");
            write(host, "/srv/app/worker.log", i == 4 || i == 15 ? "job 7 " + trace + " retried" : "job 7 done");
        }
        CliResult r = new FleetCli(fleet, tmp.resolve("store")).muster("grep", "all", trace, "/srv/app/*.log");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.outLines()).containsExactly(
                "host[04,15] (2): /srv/app/worker.log: job 7 " + trace + " retried",
                "host09 (1): /srv/app/api.log:2: POST /pay 502 " + trace,
                "--",
                "host[04,09,15] (3): 1 match in 1 of 2 files",
                "host[01-03,05-08,10-14,16-20] (17): no match in 2 files",
                r.outLines().getLast());
        assertThat(r.outLines().getLast()).startsWith("grep: 20 hosts · 3 matched · 17 no match · 0 failed · ");
    }

    private static void write(String host, String remote, String... lines) throws Exception {
        Path p = fleet.hostPath(host, remote);
        Files.createDirectories(p.getParent());
        Files.write(p, List.of(lines));
    }

    private static void awaitLine(BufferedReader out, List<String> lines, String expected) throws Exception {
        while (!lines.contains(expected)) {
            String line = out.readLine();
            assertThat(line).as("waiting for '%s'; output so far: %s", expected, lines).isNotNull();
            lines.add(line);
        }
    }

    private static List<String> tailsOf(String file) throws Exception {
        Process ps = new ProcessBuilder("ps", "-eo", "pid=,args=").start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor();
        return out.lines().filter(l -> l.strip().matches("\\d+ tail .*") && l.contains(file)).toList();
    }
}
