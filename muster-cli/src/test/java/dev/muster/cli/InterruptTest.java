package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.Fault;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) on a real muster process: output received is kept, the recap printed, exit 130. */
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    void interruptKeepsOutputAlreadyReceivedAndStillPrintsTheRecap() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().dir(dir.resolve("fleet")).hosts(4).namePrefix("app").start()) {
            fleet.host("app03").setFaults(Fault.slow(Duration.ofMinutes(5)));
            fleet.host("app04").setFaults(Fault.slow(Duration.ofMinutes(5)));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "dev.muster.cli.Main", "run", "all", "--lines", "-i", fleet.inventory().toString(),
                    "--known-hosts", fleet.knownHosts().toString(), "--identity",
                    fleet.clientKey().privateKeyFile().toString(), "--store", dir.resolve("store").toString(),
                    "--", "hostname"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            // The two fast hosts answer; then the run waits on the slow two until interrupted.
            while (lines.stream().filter(l -> l.contains("| app0")).count() < 2) {
                String line = out.readLine();
                assertThat(line).as("output so far: " + lines).isNotNull();
                lines.add(line);
            }
            // Output can precede the exit status: wait until both fast hosts are recorded as finished.
            Path runs = dir.resolve("store/runs");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (finishedHosts(runs) < 2) {
                assertThat(System.nanoTime()).as("two hosts finished within 30s").isLessThan(deadline);
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
            assertThat(lines).contains("app01 | app01", "app02 | app02");
            assertThat(String.join("\n", lines)).contains("recap: 4 hosts · 2 ok · 0 changed · 2 failed")
                    .contains("cancelled");
            try (var s = Files.list(runs)) {
                Path run = s.findFirst().orElseThrow();
                assertThat(Files.readAllLines(run.resolve("outcomes.jsonl"))).hasSize(4);
                assertThat(Files.readString(run.resolve("run.json"))).contains("\"exit_code\" : 130");
            }
        }
    }

    @Test
    void anInterruptedApplyStopsItsPausePrintsTheRecapAndExits130() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().dir(dir.resolve("fleet")).hosts(4).namePrefix("app")
                .baseAddress("127.0.125.1").start()) {
            Path plan = dir.resolve("slow.yaml");
            Files.writeString(plan, """
                    name: slow
                    targets: all
                    strategy: {kind: rolling, batch: 2, pause: 5m}
                    steps:
                      - run: hostname
                    """);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "dev.muster.cli.Main", "apply", plan.toString(), "-i", fleet.inventory().toString(),
                    "--known-hosts", fleet.knownHosts().toString(), "--identity",
                    fleet.clientKey().privateKeyFile().toString(), "--store", dir.resolve("store").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            while (lines.stream().noneMatch(l -> l.contains("pausing 300s"))) {
                String line = out.readLine();
                assertThat(line).as("output so far: " + lines).isNotNull();
                lines.add(line);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String all = String.join("\n", lines);
            assertThat(p.exitValue()).as(all).isEqualTo(130);
            assertThat(all).contains("stopped: interrupted").contains("app[01-02] (2): deployed")
                    .contains("recap: 4 hosts · 1 of 2 batches");
            try (var s = Files.list(dir.resolve("store/runs"))) {
                Path run = s.findFirst().orElseThrow();
                assertThat(Files.readString(run.resolve("run.json"))).contains("\"exit_code\" : 130");
            }
        }
    }

    private static long finishedHosts(Path runs) throws java.io.IOException {
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (var s = Files.list(runs)) {
            Path run = s.findFirst().orElse(null);
            Path outcomes = run == null ? null : run.resolve("outcomes.jsonl");
            return outcomes == null || !Files.exists(outcomes) ? 0 : Files.readAllLines(outcomes).size();
        }
    }
}
