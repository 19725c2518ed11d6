package dev.muster.probe.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.OpenSshAssumptions;
import dev.muster.testkit.OpenSshFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Log tail, follow and grep against 20 real OpenSSH hosts on loopback, each with a private /srv.
 * Skipped (with the reason) without root or sshd, unless MUSTER_REQUIRE_SSHD=1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogsOnOpenSshTest {
    private static final int HOSTS = 20;
    private static OpenSshFleet fleet;
    private static SshTransport transport;
    private static List<Host> hosts;

    @BeforeAll
    static void start() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(HOSTS).baseAddress("127.0.77.1").perHostDirs(true).start();
        hosts = new InventoryLoader().load(List.of(fleet.inventory())).hosts();
        transport = new SshTransport(SshTransportConfig.defaults().toBuilder().knownHostsFile(fleet.knownHosts())
                .identityFiles(List.of(fleet.clientKey().privateKeyFile())).useAgent(false).build());
    }

    @AfterAll
    static void stop() {
        if (transport != null) {
            transport.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void followKeepsReadingAcrossRenameAndCopytruncateRotationsAndStopsItsRemoteTails() throws Exception {
        String file = "/srv/log/follow-" + UUID.randomUUID() + ".log";
        Path local = write("host01", file, "old 1", "old 2", "old 3");
        Queue lines = new Queue();
        LogTail.Session s = new LogTail(new Executor(transport)).start(hosts.subList(0, 1),
                new LogQuery(List.of(file), null, null, 1, true), ExecutorOptions.defaults(), 0, lines);
        lines.expect("host01 old 3");
        append(local, "appended");
        lines.expect("host01 appended");
        Files.move(local, local.resolveSibling(local.getFileName() + ".1"));
        Files.writeString(local, "after rename\n");
        lines.expect("host01 after rename");
        // copytruncate: the content is copied away, then the live file is cut to zero and written again
        Files.copy(local, local.resolveSibling(local.getFileName() + ".2"));
        Files.write(local, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(local, "cut");
        lines.expect("host01 cut");
        assertThat(tailsOf(file)).isNotEmpty();

        s.cancel();
        LogTailResult r = s.await();
        assertThat(r.interrupted()).isTrue();
        assertThat(r.exitCode()).isEqualTo(130);
        awaitNoTail(file);
    }

    @Test
    void grepFilterAppliesToHistoryAndToNewLines() throws Exception {
        String file = "/srv/log/grep-" + UUID.randomUUID() + ".log";
        Path local = write("host02", file, "INFO a", "ERROR b", "INFO c", "WARN d", "INFO e");
        Queue lines = new Queue();
        LogTail.Session s = new LogTail(new Executor(transport)).start(hosts.subList(1, 2),
                new LogQuery(List.of(file), "ERROR|WARN", null, 10, true), ExecutorOptions.defaults(), 0, lines);
        lines.expect("host02 ERROR b");
        lines.expect("host02 WARN d");
        append(local, "INFO f");
        append(local, "ERROR g");
        lines.expect("host02 ERROR g");
        s.cancel();
        s.await();
        assertThat(lines.seen).doesNotContain("host02 INFO f");
        awaitNoTail(file);
    }

    @Test
    void sinceReadsIsoAndSyslogStampsOnTheHost() throws Exception {
        Instant now = Instant.now();
        DateTimeFormatter syslog = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT)
                .withZone(java.time.ZoneId.systemDefault());
        String iso = "/srv/log/iso.log";
        String sys = "/srv/log/syslog";
        write("host03", iso, now.minus(Duration.ofHours(2)) + " old", now.minusSeconds(60) + " recent",
                "  continuation");
        // The hosts share this machine's zone, which is what unzoned syslog stamps are read in.
        write("host03", sys, syslog.format(now.minus(Duration.ofHours(3))) + " h app: old",
                syslog.format(now.minusSeconds(30)) + " h app: recent");
        Queue lines = new Queue();
        LogTailResult r = new LogTail(new Executor(transport)).start(hosts.subList(2, 3),
                new LogQuery(List.of(iso, sys), null, now.minus(Duration.ofMinutes(10)), null, false),
                ExecutorOptions.defaults(), 0, lines).await();
        assertThat(r.exitCode()).isZero();
        assertThat(lines.seen).containsExactlyInAnyOrder("host03 " + now.minusSeconds(60) + " recent",
                "host03   continuation", "host03 " + syslog.format(now.minusSeconds(30)) + " h app: recent");
    }

    @Test
    void maxLinesStopsEveryHostAfterThatManyLinesInTotal() throws Exception {
        String file = "/srv/log/many.log";
        for (int i = 1; i <= HOSTS; i++) {
            write(String.format("host%02d", i), file, "a", "b", "c", "d", "e");
        }
        Queue lines = new Queue();
        LogTailResult r = new LogTail(new Executor(transport)).start(hosts,
                new LogQuery(List.of(file), null, null, 5, true), ExecutorOptions.defaults(), 7, lines).await();
        assertThat(lines.seen).hasSize(7);
        assertThat(r.lines()).isEqualTo(7);
        assertThat(r.stoppedAtLimit()).isTrue();
        assertThat(r.exitCode()).isZero();
        awaitNoTail(file);
    }

    @Test
    void aMissingFileFailsOnlyItsHost() throws Exception {
        String file = "/srv/log/sometimes.log";
        write("host04", file, "here");
        Files.deleteIfExists(fleet.hostPath("host05", file));
        Queue lines = new Queue();
        LogTailResult r = new LogTail(new Executor(transport)).start(hosts.subList(3, 5),
                new LogQuery(List.of(file), null, null, 10, false), ExecutorOptions.defaults(), 0, lines).await();
        assertThat(lines.seen).containsExactly("host04 here");
        assertThat(lines.notices).containsExactly("host05 no such file: " + file);
        assertThat(r.hosts()).extracting(h -> h.host() + " " + h.status().key() + " " + h.message())
                .containsExactly("host04 ok ", "host05 failed no such file: " + file);
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void aTraceIdIsFoundOnTheFewHostsThatLoggedIt() throws Exception {
        String trace = "trace=" + UUID.randomUUID().toString().replace("-", "");
        for (int i = 1; i <= HOSTS; i++) {
            String host = String.format("host%02d", i);
            write(host, "/srv/app/api.log", "GET /health 200", "GET /orders 200");
            write(host, "/srv/app/worker.log", i % 7 == 3 ? "job 12 " + trace + " failed" : "job 12 done");
        }
        RunResult run = new Executor(transport).run(hosts, new GrepStep(new GrepQuery(trace, List.of("/srv/app/*.log"),
                false, true, 0), 0), ExecutorOptions.defaults(), null);
        List<HostMatches> results = run.outcomes().stream().map(HostMatches::from).toList();
        assertThat(run.outcomes()).allMatch(Outcome::success);
        List<GrepReport.LineGroup> found = GrepReport.lines(results);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().hosts().fold()).isEqualTo("host[03,10,17]");
        assertThat(found.getFirst().file()).isEqualTo("/srv/app/worker.log");
        assertThat(GrepReport.counts(results)).extracting(c -> c.hosts().size() + " " + c.state().key() + " "
                + c.filesSearched()).containsExactly("3 matched 2", "17 no-match 2");
    }

    private static Path write(String host, String remote, String... lines) throws IOException {
        Path p = fleet.hostPath(host, remote);
        Files.createDirectories(p.getParent());
        Files.write(p, List.of(lines));
        return p;
    }

    private static void append(Path p, String line) throws IOException {
        Files.writeString(p, line + "\n", StandardOpenOption.APPEND);
    }

    /** tail processes (anywhere on this machine: the hosts share its kernel) reading {@code file}. */
    private static List<String> tailsOf(String file) throws Exception {
        Process ps = new ProcessBuilder("ps", "-eo", "pid=,args=").start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor();
        return out.lines().filter(l -> l.strip().matches("\\d+ tail .*") && l.contains(file)).toList();
    }

    private static void awaitNoTail(String file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!tailsOf(file).isEmpty()) {
            assertThat(System.nanoTime()).as("tail of %s still running: %s", file, tailsOf(file)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Collects lines as "host text" and notices as "host text"; waits for an expected line. */
    private static final class Queue implements LogListener {
        final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final BlockingQueue<String> arriving = new LinkedBlockingQueue<>();

        @Override
        public void line(LogLine line) {
            String s = line.host() + " " + line.text();
            seen.add(s);
            arriving.add(s);
        }

        @Override
        public void notice(String host, String text) {
            if (!text.startsWith("tail: ")) {
                notices.add(host + " " + text);
            }
        }

        void expect(String line) throws InterruptedException {
            while (true) {
                String next = arriving.poll(30, TimeUnit.SECONDS);
                assertThat(next).as("waiting for '%s'; seen %s", line, seen).isNotNull();
                if (next.equals(line)) {
                    return;
                }
            }
        }
    }
}
