package dev.muster.cli.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.Main;
import dev.muster.cli.FleetCli;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.Fault;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MUSTER_PERSIST: commands run in a daemon that keeps their SSH sessions between commands. Checked
 * against in-process hosts that count the sessions they authenticate.
 */
public class PersistTest {
    @TempDir
    Path dir;

    private FakeFleet fleet;
    private Path socket;
    private PersistDaemon daemon;

    @BeforeEach
    void start() throws Exception {
        fleet = FakeFleet.builder().dir(dir.resolve("fleet")).hosts(6).namePrefix("web").start();
        Path sockets = Files.createDirectory(dir.resolve("s"));
        socket = sockets.resolve("d.sock");
        daemon = PersistDaemon.start(socket, Duration.ofMinutes(5), Main::run);
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        fleet.close();
    }

    private List<String> args(String... args) {
        return new FleetCli(fleet, dir.resolve("store")).args(args);
    }

    private CliResult viaDaemon(List<String> args) {
        return viaDaemon(socket, args);
    }

    /** Runs a command line through the daemon listening on {@code socket}, as the client would. */
    public static CliResult viaDaemon(Path socket, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SocketChannel ch = PersistClient.connect(socket);
        assertThat(ch).as("daemon listening on " + socket).isNotNull();
        int code = PersistClient.relay(ch, new PersistWire.Request(PersistWire.RUN, false, args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eachCommandSeesItsClientsEnvironmentForSecretsAndPromptsRunWithoutTheDaemon() throws Exception {
        Path inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, "hosts:\n  app1: {vars: {token: {secret: {env: APP_TOKEN}}}}\n");
        Path template = dir.resolve("t.peb");
        Files.writeString(template, "{{ token | length }}\n");
        List<String> render = List.of("render", template.toString(), "--host", "app1", "-i", inventory.toString());
        for (String token : List.of("abc123", "abcdefghij")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = PersistClient.relay(PersistClient.connect(socket), new PersistWire.Request(PersistWire.RUN, false,
                    render, java.util.Map.of("APP_TOKEN", token)), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(token.length() + "\n");
        }
        assertThat(PersistClient.asksVaultPassword(new String[] {"template", "t", "/x", "all", "--ask-vault-pass"})).isTrue();
        assertThat(PersistClient.asksVaultPassword(new String[] {"run", "all", "--vault-id", "prod@prompt"})).isTrue();
        assertThat(PersistClient.asksVaultPassword(new String[] {"run", "all", "--vault-id=prompt"})).isTrue();
        assertThat(PersistClient.asksVaultPassword(new String[] {"run", "all", "--vault-id", "prod@pw"})).isFalse();
        assertThat(PersistClient.asksVaultPassword(new String[] {"run", "all", "--", "--ask-vault-pass"})).isFalse();
    }

    private long sessionsAuthenticated() {
        return fleet.hosts().stream().mapToLong(h -> h.counters().sessionsAuthenticated()).sum();
    }

    private static String withoutTimings(String out) {
        return out.replaceAll("\\d+\\.\\d+s · run \\S+", "T · run R");
    }

    @Test
    void aSecondCommandReusesTheFirstOnesSessionsAndPrintsWhatItsOwnProcessWould() {
        CliResult first = viaDaemon(args("run", "all", "--", "uname", "-s"));
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("web[01-06] (6): ok\n    Linux\n");
        assertThat(sessionsAuthenticated()).isEqualTo(6);

        CliResult second = viaDaemon(args("run", "all", "--", "uname", "-s"));
        assertThat(second.exit()).isZero();
        assertThat(sessionsAuthenticated()).as("no new session for the second command").isEqualTo(6);
        assertThat(fleet.hosts().stream().mapToLong(h -> h.counters().commandsRun()).sum()).isEqualTo(12);

        // failures and bad input keep their exit codes and messages
        fleet.host("web02").setFaults(Fault.exit(4));
        CliResult failed = viaDaemon(args("run", "all", "--", "true"));
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).contains("web02 (1): failed (exit 4)");
        CliResult bad = viaDaemon(args("run", "web&(", "--", "true"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("selector");
        assertThat(sessionsAuthenticated()).isEqualTo(6);

        fleet.host("web02").clearFaults();
        CliResult direct = CliResult.run(args("run", "all", "--", "uname", "-s"));
        assertThat(withoutTimings(second.out())).isEqualTo(withoutTimings(direct.out()));
        assertThat(second.err()).isEqualTo(direct.err());
    }

    @Test
    void editingKnownHostsRetiresThePooledSessionsSoHostKeysAreCheckedAgain() throws Exception {
        assertThat(viaDaemon(args("run", "all", "--", "true")).exit()).isZero();
        String known = Files.readString(fleet.knownHosts());
        Files.writeString(fleet.knownHosts(), "");
        CliResult refused = viaDaemon(args("run", "all", "--", "true"));
        assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
        assertThat(refused.out()).contains("web[01-06] (6): unreachable").containsIgnoringCase("host key");

        Files.writeString(fleet.knownHosts(), known);
        assertThat(viaDaemon(args("run", "all", "--", "true")).exit()).isZero();
        assertThat(sessionsAuthenticated()).as("the restored file is a new transport: new sessions").isEqualTo(12);
    }

    @Test
    void ctrlCFromTheClientCancelsTheCommandWhichStillPrintsItsRecap() throws Exception {
        fleet.host("web05").setFaults(Fault.slow(Duration.ofMinutes(5)));
        fleet.host("web06").setFaults(Fault.slow(Duration.ofMinutes(5)));
        try (SocketChannel ch = PersistClient.connect(socket)) {
            new PersistWire.Request(PersistWire.RUN, false, args("run", "all", "--lines", "--", "hostname"))
                    .write(java.nio.channels.Channels.newOutputStream(ch));
            DataInputStream in = new DataInputStream(PersistWire.in(ch));
            StringBuilder out = new StringBuilder();
            while (out.toString().lines().filter(l -> l.contains("| web0")).count() < 4) {
                PersistWire.Frame f = PersistWire.Frame.read(in);
                assertThat(f).as("output so far: " + out).isNotNull();
                if (f.type() == PersistWire.OUT) {
                    out.append(new String(f.payload(), StandardCharsets.UTF_8));
                }
            }
            awaitFinishedHosts(4);
            ch.write(ByteBuffer.wrap(new byte[] {PersistWire.INTERRUPT}));
            int code;
            while (true) {
                PersistWire.Frame f = PersistWire.Frame.read(in);
                assertThat(f).as("an exit frame after " + out).isNotNull();
                if (f.type() == PersistWire.OUT) {
                    out.append(new String(f.payload(), StandardCharsets.UTF_8));
                } else if (f.type() == PersistWire.EXIT) {
                    code = f.exitCode();
                    break;
                }
            }
            assertThat(code).isEqualTo(130);
            assertThat(out.toString()).contains("recap: 6 hosts · 4 ok · 0 changed · 2 failed").contains("cancelled");
        }
        // the daemon serves the next command as before
        fleet.hosts().forEach(h -> h.clearFaults());
        assertThat(viaDaemon(args("run", "all", "--", "true")).exit()).isZero();
    }

    @Test
    void aClientThatGoesAwayTakesItsCommandWithIt() throws Exception {
        fleet.host("web01").setFaults(Fault.slow(Duration.ofMinutes(5)));
        SocketChannel ch = PersistClient.connect(socket);
        new PersistWire.Request(PersistWire.RUN, false, args("run", "all", "--", "true"))
                .write(java.nio.channels.Channels.newOutputStream(ch));
        PersistWire.Frame accepted = PersistWire.Frame.read(new DataInputStream(PersistWire.in(ch)));
        assertThat(accepted.type()).isEqualTo(PersistWire.ACCEPTED);
        ch.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!daemon.status().contains("0 running")) {
            assertThat(System.nanoTime()).as(daemon.status()).isLessThan(deadline);
            Thread.sleep(20);
        }
        try (var runs = Files.list(dir.resolve("store/runs"))) {
            Path run = runs.findFirst().orElseThrow();
            assertThat(Files.readAllLines(run.resolve("outcomes.jsonl"))).as("every host accounted").hasSize(6);
        }
    }

    @Test
    void stopClosesTheSessionsAndTheSocket() {
        assertThat(viaDaemon(args("run", "all", "--", "true")).exit()).isZero();
        assertThat(fleet.hosts().stream().mapToLong(h -> h.counters().openSessions()).sum()).isEqualTo(6);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PersistClient.relay(PersistClient.connect(socket), new PersistWire.Request(PersistWire.STOP, false,
                List.of()), new PrintStream(out, true), System.err, false);
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("stopped the persist daemon");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(socket) || fleet.hosts().stream().mapToLong(h -> h.counters().openSessions()).sum() > 0) {
            assertThat(System.nanoTime()).as("socket removed and sessions closed").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(PersistClient.connect(socket)).isNull();
        daemon = null;
    }

    @Test
    void persistTakesStatusOrStopAndNothingElse() {
        CliResult r = CliResult.run(List.of("persist", "restart"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("expected status or stop, not 'restart'");
        assertThat(PersistClient.run(new String[] {"persist", "--help"}, Map.of("XDG_RUNTIME_DIR", dir.toString())))
                .as("the client leaves --help to the full CLI").isEqualTo(PersistClient.FALL_BACK);
        assertThat(PersistClient.run(new String[] {"run", "all"}, Map.of("MUSTER_PERSIST", "soon",
                "XDG_RUNTIME_DIR", dir.toString()))).isEqualTo(2);
    }

    @Test
    void anIdleDaemonClosesItsSessionsAndGoes() throws Exception {
        daemon.close();
        socket = socket.resolveSibling("idle.sock");
        daemon = PersistDaemon.start(socket, Duration.ofMillis(400), Main::run);
        assertThat(viaDaemon(args("run", "all", "--", "true")).exit()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(socket) || fleet.hosts().stream().mapToLong(h -> h.counters().openSessions()).sum() > 0) {
            assertThat(System.nanoTime()).as("idle daemon gone with its sessions").isLessThan(deadline);
            Thread.sleep(20);
        }
        daemon = null;
    }

    @Test
    void oneDaemonPerDirectoryEnvironmentAndBuildInAPrivateDirectory() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("XDG_RUNTIME_DIR", dir.toString(), "HOME", "/home/x",
                "MUSTER_PERSIST", "10m"));
        Path a = PersistClient.socketFor(env, "/srv/a", "build1");
        assertThat(a.getParent()).isEqualTo(dir.resolve("muster"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a.getParent()))).isEqualTo("rwx------");
        assertThat(PersistClient.socketFor(env, "/srv/b", "build1")).isNotEqualTo(a);
        assertThat(PersistClient.socketFor(env, "/srv/a", "build2")).isNotEqualTo(a);
        Map<String, String> other = new HashMap<>(env);
        other.put("MUSTER_PERSIST", "1h");      // the persist time is not the environment
        other.put("OLDPWD", "/elsewhere");      // nor is what muster never reads
        assertThat(PersistClient.socketFor(other, "/srv/a", "build1")).isEqualTo(a);
        other.put("MUSTER_INVENTORY", "/srv/other.yaml");
        assertThat(PersistClient.socketFor(other, "/srv/a", "build1")).isNotEqualTo(a);
        other.put("NO_COLOR", "1");
        assertThat(PersistClient.socketFor(other, "/srv/a", "build1")).isNotEqualTo(a);

        assertThat(PersistClient.parsePersist("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(PersistClient.parsePersist("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(PersistClient.parsePersist("yes")).isEqualTo(Duration.ofMinutes(10));
        assertThat(PersistClient.parsePersist("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PersistClient.parsePersist("0")).as("off").isNull();
        assertThat(PersistClient.parsePersist("false")).as("off").isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PersistClient.parsePersist("soon"))
                .hasMessageContaining("not a duration");
    }

    @Test
    void aDaemonOfAnotherBuildRunsNothingAndStillServesItsOwn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PersistClient.relay(PersistClient.connect(socket), new PersistWire.Request(PersistWire.RUN, false,
                args("run", "all", "--", "true"), Map.of(), "another build", null),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                false);
        assertThat(code).isEqualTo(PersistClient.REFUSED);
        assertThat(fleet.hosts().stream().mapToLong(h -> h.counters().commandsRun()).sum()).isZero();
        assertThat(viaDaemon(args("run", "all", "--", "true")).exit()).isZero();
    }

    @Test
    void persistenceIsOnUnlessTheCommandLineTheEnvironmentOrTheConfigTurnsItOff() throws Exception {
        Path cwd = Files.createDirectory(dir.resolve("cwd"));
        Duration ten = Duration.ofMinutes(10);
        assertThat(PersistClient.wanted(new String[] {"run", "all"}, Map.of(), cwd)).isEqualTo(ten);
        assertThat(PersistClient.wanted(new String[] {"run", "all", "--no-persist"}, Map.of(), cwd)).isNull();
        assertThat(PersistClient.wanted(new String[] {"run", "all", "--persist=0"}, Map.of(), cwd)).isNull();
        assertThat(PersistClient.wanted(new String[] {"run", "all", "--", "x", "--no-persist"}, Map.of(), cwd))
                .as("after -- it is the remote command's").isEqualTo(ten);
        assertThat(PersistClient.wanted(new String[] {"run", "all"}, Map.of("MUSTER_PERSIST", "off"), cwd)).isNull();
        assertThat(PersistClient.wanted(new String[] {"run", "all", "--persist", "30m"}, Map.of("MUSTER_PERSIST", "0"),
                cwd)).as("the command line wins").isEqualTo(Duration.ofMinutes(30));

        Files.writeString(cwd.resolve("muster.yaml"), "forks: 20\npersist: 0   # off here\n");
        assertThat(PersistClient.wanted(new String[] {"run", "all"}, Map.of(), cwd)).isNull();
        assertThat(PersistClient.wanted(new String[] {"run", "all"}, Map.of("MUSTER_PERSIST", "5m"), cwd))
                .as("the environment wins over the file").isEqualTo(Duration.ofMinutes(5));
        Files.writeString(cwd.resolve("other.yaml"), "persist: '2h'\n");
        assertThat(PersistClient.wanted(new String[] {"run", "all"}, Map.of("MUSTER_CONFIG", "other.yaml"), cwd))
                .isEqualTo(Duration.ofHours(2));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PersistClient.wanted(new String[] {"run", "all"},
                Map.of("MUSTER_PERSIST", "soon"), cwd)).isInstanceOf(PersistClient.BadEnvironment.class)
                .hasMessageContaining("MUSTER_PERSIST: 'soon' is not a duration");
        Files.writeString(cwd.resolve("muster.yaml"), "persist: soon\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PersistClient.wanted(new String[] {"run", "all"},
                Map.of(), cwd)).as("left to the full CLI, which names the file and line")
                .isNotInstanceOf(PersistClient.BadEnvironment.class);
        CliResult bad = CliResult.run(List.of("run", "all", "--persist", "soon", "--", "true"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'soon' is not a duration");
    }

    @Test
    void atATerminalPromptsTopConsoleAndEncryptedKeysRunInTheirOwnProcess() throws Exception {
        Path ssh = Files.createDirectories(dir.resolve("home/.ssh"));
        Path plain = ssh.resolve("plain");
        Path locked = ssh.resolve("locked");
        Path pem = ssh.resolve("locked.pem");
        keygen("-t", "ed25519", "-N", "", "-f", plain.toString());
        keygen("-t", "ed25519", "-N", "correct horse", "-f", locked.toString());
        keygen("-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "correct horse", "-f", pem.toString());
        assertThat(PersistClient.encrypted(plain)).isFalse();
        assertThat(PersistClient.encrypted(locked)).isTrue();
        assertThat(PersistClient.encrypted(pem)).isTrue();

        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString());
        assertThat(PersistClient.needsTerminal(new String[] {"run", "all", "--identity", plain.toString()}, env, true))
                .isNull();
        assertThat(PersistClient.needsTerminal(new String[] {"run", "all", "--identity", locked.toString()}, env, true))
                .contains("is encrypted");
        assertThat(PersistClient.needsTerminal(new String[] {"run", "all", "--identity=" + pem}, env, true))
                .contains("is encrypted");
        Files.copy(locked, ssh.resolve("id_ed25519"));
        assertThat(PersistClient.needsTerminal(new String[] {"run", "all"}, env, true)).as("a default key")
                .contains("id_ed25519 is encrypted");
        assertThat(PersistClient.needsTerminal(new String[] {"run", "all"}, Map.of("HOME", env.get("HOME"),
                "SSH_AUTH_SOCK", "/run/agent.sock"), true)).as("the agent holds it").isNull();
        assertThat(PersistClient.needsTerminal(new String[] {"run", "all"}, env, false)).as("no terminal to ask on")
                .isNull();
        Map<String, String> noKeys = Map.of("HOME", dir.toString());
        assertThat(PersistClient.needsTerminal(new String[] {"apply", "p.yaml"}, noKeys, true)).contains("confirm");
        assertThat(PersistClient.needsTerminal(new String[] {"apply", "p.yaml", "--yes"}, noKeys, true)).isNull();
        assertThat(PersistClient.needsTerminal(new String[] {"top", "all"}, noKeys, false)).contains("terminal");
        assertThat(PersistClient.needsTerminal(new String[] {"console", "all"}, noKeys, false)).contains("terminal");
        assertThat(PersistClient.needsTerminal(new String[] {"run", "all", "--ask-vault-pass"}, noKeys, false))
                .contains("vault password");
        Path inventory = dir.resolve("inv/inventory.yaml");
        Files.createDirectories(inventory.resolveSibling("group_vars"));
        Files.writeString(inventory, "hosts:\n  app1: {}\n");
        String[] run = {"run", "all", "-i", inventory.toString()};
        assertThat(PersistClient.needsTerminal(run, noKeys, true)).isNull();
        Files.writeString(inventory.resolveSibling("group_vars/all.yaml"),
                "api_token:\n  secret:\n    command: \"pass show api/prod\"\n");
        assertThat(PersistClient.needsTerminal(run, noKeys, true)).contains("reads a secret through a command");
        assertThat(PersistClient.needsTerminal(run, noKeys, false)).isNull();
    }

    private static void keygen(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** The client as the launcher runs it: it starts the daemon, and Ctrl-C reaches the command. */
    @Test
    void theClientStartsADaemonReusesItAndPassesCtrlCOn() throws Exception {
        daemon.close();
        daemon = null;
        Path runtime = Files.createDirectory(dir.resolve("runtime"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> base = List.of(java, "-cp", System.getProperty("java.class.path"), PersistClient.class.getName());
        try {
            for (int i = 0; i < 2; i++) {
                Process p = client(base, runtime, args("run", "all", "--", "uname", "-s"));
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(out).isZero();
                assertThat(out).contains("web[01-06] (6): ok");
            }
            assertThat(sessionsAuthenticated()).as("the second client's command reused the daemon's sessions").isEqualTo(6);

            fleet.host("web06").setFaults(Fault.slow(Duration.ofMinutes(5)));
            Process p = client(base, runtime, args("run", "all", "--lines", "--", "hostname"));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            while (lines.stream().filter(l -> l.contains("| web0")).count() < 5) {
                String line = out.readLine();
                assertThat(line).as("output so far: " + lines).isNotNull();
                lines.add(line);
            }
            awaitFinishedHosts(5);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
            assertThat(String.join("\n", lines)).contains("recap: 6 hosts · 5 ok · 0 changed · 1 failed").contains("cancelled");

            Process status = client(base, runtime, List.of("persist", "status"));
            String text = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(text).contains("3 command(s) served").contains("6 created");
        } finally {
            Process stop = client(base, runtime, List.of("persist", "stop"));
            String text = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(stop.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(text).contains("stopped the persist daemon");
        }
    }

    /** Output can precede a host's exit status: waits until the newest run has recorded {@code n} hosts. */
    private void awaitFinishedHosts(int n) throws Exception {
        Path runs = dir.resolve("store/runs");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (Files.isDirectory(runs)) {
                try (var s = Files.list(runs)) {
                    Path newest = s.max(java.util.Comparator.naturalOrder()).orElse(null);
                    Path outcomes = newest == null ? null : newest.resolve("outcomes.jsonl");
                    if (outcomes != null && Files.exists(outcomes) && Files.readAllLines(outcomes).size() >= n) {
                        return;
                    }
                }
            }
            assertThat(System.nanoTime()).as(n + " hosts finished within 30s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private Process client(List<String> base, Path runtime, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("MUSTER_PERSIST", "2m");
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        pb.environment().remove("MUSTER_PERSIST_JVM");
        return pb.start();
    }
}
