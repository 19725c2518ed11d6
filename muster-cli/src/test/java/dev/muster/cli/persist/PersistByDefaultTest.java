package dev.muster.cli.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.FleetCli;
import dev.muster.cli.Main;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.Fault;
import java.io.File;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistence on by default, through the real launcher (./muster) as a user runs it: the first
 * command that contacts hosts starts the daemon, later ones reuse its sessions; --no-persist,
 * MUSTER_PERSIST=0 and `persist: 0` never start one; and a daemon that is stale, killed (before or
 * during a command), of another build, or stuck never fails a command: it runs in the launcher's
 * own process instead. Every launcher here has a private runtime directory, so no daemon is shared
 * with another test, and each test ends every daemon it started.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersistByDefaultTest {
    @TempDir
    Path dir;

    private FakeFleet fleet;
    private Path jar;
    private Path runtime;

    @BeforeEach
    void start() throws Exception {
        fleet = FakeFleet.builder().dir(dir.resolve("fleet")).hosts(6).namePrefix("web").baseAddress("127.0.216.1")
                .start();
        jar = dir.resolve("muster.jar");
        classPathJar(jar);
        runtime = Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("home"));
    }

    @AfterEach
    void stop() {
        // every daemon of this test's runtime directory, whatever state the test left it in
        daemons().forEach(p -> {
            p.destroyForcibly();
            p.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> p).join();
        });
        fleet.close();
    }

    private List<ProcessHandle> daemons() {
        String marker = "--socket " + runtime;
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).toList();
    }

    private long daemonPid() {
        List<ProcessHandle> d = daemons().stream().filter(ProcessHandle::isAlive).toList();
        assertThat(d).as("one live daemon").hasSize(1);
        return d.getFirst().pid();
    }

    private long sessionsAuthenticated() {
        return fleet.hosts().stream().mapToLong(h -> h.counters().sessionsAuthenticated()).sum();
    }

    private List<String> args(String... args) {
        return new FleetCli(fleet, dir.resolve("store")).args(args);
    }

    record Run(int exit, String out, String err) {
    }

    /** The launcher with a clean environment: this test's JDK, jar, cache and runtime directory. */
    private ProcessBuilder launcher(List<String> args, Map<String, String> extra) {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("..", "muster").toAbsolutePath().toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", dir.resolve("home").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("MUSTER_JAR", jar.toString());
        env.put("MUSTER_CACHE", dir.resolve("cache").toString());
        env.put("MUSTER_AOT", "0");
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.putAll(extra);
        return pb;
    }

    private Run muster(List<String> args) throws Exception {
        return muster(args, Map.of());
    }

    private Run muster(List<String> args, Map<String, String> extra) throws Exception {
        return finish(start(args, extra));
    }

    private Process start(List<String> args, Map<String, String> extra) throws Exception {
        ProcessBuilder pb = launcher(args, extra);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null")));
        Process p = pb.start();
        outputs.put(p, new Path[] {out, err});
        return p;
    }

    private final Map<Process, Path[]> outputs = new HashMap<>();

    private Run finish(Process p) throws Exception {
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        Path[] o = outputs.remove(p);
        return new Run(p.exitValue(), Files.readString(o[0]), Files.readString(o[1]));
    }

    private List<Path> sockets() throws Exception {
        Path d = runtime.resolve("muster");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".sock")).toList();
        }
    }

    private String status() throws Exception {
        Run r = muster(List.of("persist", "status"));
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void theFirstCommandStartsTheDaemonAndLaterOnesReuseItsSessions() throws Exception {
        for (int i = 0; i < 2; i++) {
            Run r = muster(args("run", "all", "--", "uname", "-s"));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("web[01-06] (6): ok\n    Linux\n");
        }
        assertThat(sessionsAuthenticated()).as("the second command reused the first one's sessions").isEqualTo(6);
        assertThat(sockets()).hasSize(1);
        String status = status();
        assertThat(status).contains("persist daemon " + daemonPid()).contains("2 command(s) served")
                .contains("sessions:   6 open").containsPattern("memory: +\\d+ MiB RSS")
                .containsPattern("exits in \\d+ s unless a command comes \\(after 600 s idle\\)");

        Run stop = muster(List.of("persist", "stop"));
        assertThat(stop.out()).startsWith("stopped the persist daemon");
        awaitNoDaemon();
    }

    @Test
    void noPersistMusterPersistZeroAndPersistZeroInTheConfigNeverStartOne() throws Exception {
        Run flag = muster(args("run", "all", "--no-persist", "--", "true"));
        assertThat(flag.exit()).as(flag.err()).isZero();
        Run env = muster(args("run", "all", "--", "true"), Map.of("MUSTER_PERSIST", "0"));
        assertThat(env.exit()).as(env.err()).isZero();
        Files.writeString(dir.resolve("muster.yaml"), "forks: 10\npersist: 0   # off\n");
        Run config = muster(args("run", "all", "-v", "--", "true"));
        assertThat(config.exit()).as(config.err()).isZero();
        Files.delete(dir.resolve("muster.yaml"));
        Run zero = muster(args("run", "all", "--persist", "0", "--", "true"));
        assertThat(zero.exit()).as(zero.err()).isZero();

        assertThat(sockets()).as("no daemon socket").isEmpty();
        assertThat(daemons()).isEmpty();
        assertThat(sessionsAuthenticated()).as("every command connected anew").isEqualTo(24);
        assertThat(config.err()).doesNotContain("persist daemon");
    }

    @Test
    void aStaleSocketFileIsReplacedByANewDaemon() throws Exception {
        assertThat(muster(args("run", "all", "--", "true")).exit()).isZero();
        Path socket = sockets().getFirst();
        assertThat(muster(List.of("persist", "stop")).exit()).isZero();
        awaitNoDaemon();
        // what a daemon killed by the kernel leaves: a socket file nobody listens on
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        Run r = muster(args("run", "all", "-v", "--", "uname", "-s"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("web[01-06] (6): ok");
        assertThat(r.err()).doesNotContain("running the command in this process");
        assertThat(daemonPid()).isPositive();
    }

    @Test
    void aDaemonKilledBetweenCommandsIsReplaced() throws Exception {
        assertThat(muster(args("run", "all", "--", "true")).exit()).isZero();
        long first = daemonPid();
        kill9(first);

        Run r = muster(args("run", "all", "--", "uname", "-s"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("web[01-06] (6): ok\n    Linux\n");
        assertThat(daemonPid()).as("a new daemon").isNotEqualTo(first);
    }

    @Test
    void aDaemonKilledDuringACommandLeavesItToTheLaunchersOwnProcess() throws Exception {
        assertThat(muster(args("run", "all", "--", "true")).exit()).isZero();
        long pid = daemonPid();
        fleet.host("web06").setFaults(Fault.slow(Duration.ofSeconds(5)));
        Process p = start(args("run", "all", "--", "uname", "-s"), Map.of());
        awaitRun(5);   // the daemon's run has five hosts done, web06 still on its way
        kill9(pid);

        Run r = finish(p);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("the persist daemon went away during the command")
                .contains("running it again in this process");
        assertThat(r.out()).contains("web[01-06] (6): ok\n    Linux\n");
        try (Stream<Path> runs = Files.list(dir.resolve("store/runs"))) {
            assertThat(runs.count()).as("the daemon's partial run and the launcher's own").isEqualTo(3);
        }
    }

    @Test
    void fourFirstCommandsAtOnceStartExactlyOneDaemon() throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(start(args("run", "all", "--", "true"), Map.of()));
        }
        for (Process p : ps) {
            Run r = finish(p);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("web[01-06] (6): ok");
        }
        assertThat(daemons()).as("daemons started").hasSize(1);
        Path log = Path.of(sockets().getFirst().toString().replace(".sock", ".log"));
        assertThat(Files.readAllLines(log).stream().filter(l -> l.contains("serving")).count())
                .as("one daemon ever started").isEqualTo(1);
        assertThat(status()).contains("4 command(s) served");
    }

    @Test
    void inventoryConfigAndKnownHostsChangesReachTheNextCommandThroughTheSameDaemon() throws Exception {
        assertThat(muster(args("run", "all", "--", "true")).exit()).isZero();
        long pid = daemonPid();

        // the inventory loses web06
        Files.write(fleet.inventory(), Files.readAllLines(fleet.inventory()).stream()
                .filter(l -> !l.startsWith("  web06:")).toList());
        // muster.yaml moves the run store
        Path store2 = dir.resolve("store2");
        Files.writeString(dir.resolve("muster.yaml"), "store: " + store2 + "\n");
        List<String> a = new ArrayList<>(args("run", "all", "--", "uname", "-s"));
        int at = a.indexOf("--store");
        a.remove(at);
        a.remove(at);
        Run r = muster(a);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("web[01-05] (5): ok").doesNotContain("web06");
        assertThat(store2.resolve("runs")).isDirectory();

        // known_hosts emptied: host keys are checked again, not taken from pooled sessions
        Files.writeString(fleet.knownHosts(), "");
        Run refused = muster(args("run", "all", "--", "true"));
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("web[01-05] (5): unreachable");
        assertThat(daemonPid()).as("the same daemon throughout").isEqualTo(pid);
    }

    @Test
    void aDaemonOfAnotherBuildIsNotUsedAndAStuckOneIsNotWaitedFor() throws Exception {
        Run a = muster(args("run", "all", "--", "true"), Map.of("JAVA_TOOL_OPTIONS", "-Dmuster.build=A"));
        assertThat(a.exit()).as(a.err()).isZero();
        long buildA = daemonPid();
        Run b = muster(args("run", "all", "--", "true"), Map.of("JAVA_TOOL_OPTIONS", "-Dmuster.build=B"));
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(daemons()).as("build B has a daemon of its own").hasSize(2);
        assertThat(sockets()).hasSize(2);

        // build A's daemon stops answering (SIGSTOP): its next command runs in the launcher's process
        signal("STOP", buildA);
        try {
            Run stuck = muster(args("run", "all", "-v", "--", "uname", "-s"),
                    Map.of("JAVA_TOOL_OPTIONS", "-Dmuster.build=A -Dmuster.persist.acceptTimeout=1s"));
            assertThat(stuck.exit()).as(stuck.err()).isZero();
            assertThat(stuck.out()).contains("web[01-06] (6): ok\n    Linux\n");
            assertThat(stuck.err()).contains("did not answer; running the command in this process");
        } finally {
            signal("CONT", buildA);
        }
    }

    private void kill9(long pid) throws Exception {
        signal("KILL", pid);
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(20, TimeUnit.SECONDS).join());
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
    }

    private void awaitNoDaemon() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!daemons().isEmpty() || !sockets().isEmpty()) {
            assertThat(System.nanoTime()).as("daemon gone").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until a run has exactly {@code hosts} outcomes recorded. */
    private void awaitRun(int hosts) throws Exception {
        Path store = dir.resolve("store/runs");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Stream<Path> s = Files.list(store)) {
                for (Path run : s.toList()) {
                    Path outcomes = run.resolve("outcomes.jsonl");
                    if (Files.exists(outcomes) && Files.readAllLines(outcomes).size() == hosts) {
                        return;
                    }
                }
            }
            assertThat(System.nanoTime()).as("a run with " + hosts + " hosts done").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A jar holding only a manifest whose Class-Path is this test's class path: what the launcher runs. */
    private static void classPathJar(Path jar) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toUri().toString()).collect(Collectors.joining(" "));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
    }
}
