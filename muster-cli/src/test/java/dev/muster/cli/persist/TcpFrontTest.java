package dev.muster.cli.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.FleetCli;
import dev.muster.cli.Main;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.Fault;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's bash client ({@code persist_fast} in ./muster) against a persist daemon's TCP front:
 * the real launcher script in a real bash, a daemon in this JVM serving in-process hosts. The
 * launcher's JVM is a stand-in that records each start, so a test sees whether the bash client
 * served the command (no JVM started) or fell back (the JVM client was started, then the command in
 * its own process).
 */
class TcpFrontTest {
    @TempDir
    Path dir;

    private FakeFleet fleet;
    private PersistDaemon daemon;
    private Path jar;
    private Path calls;
    private Map<String, String> env;
    private Path socket;
    private String build;

    @BeforeEach
    void start() throws Exception {
        fleet = FakeFleet.builder().dir(dir.resolve("fleet")).hosts(3).namePrefix("web").baseAddress("127.0.216.1")
                .group("webservers", List.of("web01", "web02")).start();
        jar = Files.writeString(dir.resolve("muster.jar"), "a stand-in: the bash client only reads its size and time\n")
                .toRealPath();
        calls = dir.resolve("jvm-starts.txt");
        Path java = dir.resolve("java");
        // the launcher's JVM: records how it was started; exit 75 means "nothing ran here either"
        Files.writeString(java, "#!/bin/bash\nprintf '%s\\n' \"$*\" >> '" + calls + "'\nexit 75\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve("java"), "25 " + java + "\n");
        env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.put("XDG_RUNTIME_DIR", Files.createDirectories(dir.resolve("run")).toString());
        env.put("MUSTER_CACHE", cache.toString());
        env.put("MUSTER_JAR", jar.toString());
        env.put("MUSTER_AOT", "0");
        env.put("MUSTER_PERSIST", "2m");
        // names whose order differs between byte order and dictionary order, and an empty value:
        // the bash client must find the socket name PersistClient.socketFor gives
        env.put("MUSTER_B_X", "1");
        env.put("MUSTER_BX", "2");
        env.put("MUSTER_EMPTY", "");
        env.put("NO_COLOR", "1");
        build = jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        socket = PersistClient.socketFor(env, System.getProperty("user.dir"), build);
        daemon = PersistDaemon.start(socket, Duration.ofMinutes(5), Main::run, build);
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

    private Path portFile() {
        return TcpFront.fileFor(socket);
    }

    /** The launcher, as a user runs it here, with {@code args}. */
    private ProcessBuilder launcher(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("..", "muster").toAbsolutePath().normalize().toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of(System.getProperty("user.dir")).toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }

    private CliResult muster(List<String> args) throws Exception {
        Process p = launcher(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        return new CliResult(p.exitValue(), out, new String(err.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> jvmStarts() throws Exception {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private static String withoutTimings(String out) {
        return out.replaceAll("\\d+\\.\\d+s · run \\S+", "T · run R").replaceAll("\\d+ms", "Nms")
                .replaceAll("\"duration_ms\":\\d+", "\"duration_ms\":N").replaceAll("\"run\":\"[^\"]+\"", "\"run\":\"R\"");
    }

    @Test
    void oneHostCommandsThroughTheBashClientPrintAndExitAsInProcessWithNoJvmStarted() throws Exception {
        fleet.host("web02").setFaults(Fault.exit(4));
        List<List<String>> commands = List.of(
                args("run", "web01", "--", "uname", "-s"),
                args("run", "all", "--", "hostname"),
                args("run", "web02", "--", "true"),
                args("run", "web&(", "--", "true"),
                args("run", "nosuch", "--", "true"),
                args("run", "web01", "--json", "--", "echo", "one two"));
        for (List<String> command : commands) {
            CliResult viaBash = muster(command);
            CliResult inProcess = CliResult.run(command);
            assertThat(viaBash.exit()).as("exit code of " + command + "\n" + viaBash.err()).isEqualTo(inProcess.exit());
            assertThat(withoutTimings(viaBash.out())).as("stdout of " + command).isEqualTo(withoutTimings(inProcess.out()));
            assertThat(withoutTimings(viaBash.err())).as("stderr of " + command).isEqualTo(withoutTimings(inProcess.err()));
        }
        assertThat(jvmStarts()).as("the bash client served every command: no JVM started").isEmpty();
        assertThat(daemon.status()).contains(commands.size() + " command(s) served");

        // stdout and stderr on one pipe: one stream (stderr's lines too), same exit code
        for (List<String> command : List.of(args("run", "web02", "--", "true"), args("run", "web&(", "--", "true"))) {
            Process p = launcher(command).redirectErrorStream(true).start();
            String both = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            CliResult inProcess = CliResult.run(command);
            assertThat(p.exitValue()).isEqualTo(inProcess.exit());
            assertThat(withoutTimings(both)).isEqualTo(withoutTimings(inProcess.out() + inProcess.err()));
        }
        assertThat(jvmStarts()).isEmpty();
    }

    @Test
    void theBashClientLeavesStdinUnreadAsTheJvmClientDoes() throws Exception {
        Path input = Files.writeString(dir.resolve("stdin.txt"), "left for the next reader\n");
        List<String> cmd = new ArrayList<>(List.of("-c", "\"$0\" \"$@\"; echo \"rc=$?\"; cat"));
        cmd.add(Path.of("..", "muster").toAbsolutePath().normalize().toString());
        cmd.addAll(args("run", "web01", "--", "uname", "-s"));
        ProcessBuilder pb = launcher(List.of()).redirectInput(input.toFile()).redirectErrorStream(true);
        List<String> full = new ArrayList<>(List.of("bash"));
        full.addAll(cmd);
        Process p = pb.command(full).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("web01 (1): ok\n    Linux\n").endsWith("rc=0\nleft for the next reader\n");
        assertThat(jvmStarts()).isEmpty();
    }

    @Test
    void ctrlCOnTheBashClientCancelsTheCommandWhichStillPrintsItsRecap() throws Exception {
        fleet.host("web03").setFaults(Fault.slow(Duration.ofMinutes(5)));
        ProcessBuilder pb = launcher(args("run", "all", "--lines", "--", "hostname")).redirectErrorStream(true);
        // as at a terminal: SIGINT at its default, whatever this JVM inherited (bash cannot trap an ignored one)
        List<String> withDefaultInt = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die", "--"));
        withDefaultInt.addAll(pb.command());
        Process p = pb.command(withDefaultInt).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        while (lines.stream().filter(l -> l.contains("| web0")).count() < 2) {
            String line = out.readLine();
            assertThat(line).as("output so far: " + lines).isNotNull();
            lines.add(line);
        }
        awaitFinishedHosts(2);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(130);
        assertThat(String.join("\n", lines)).contains("recap: 3 hosts · 2 ok · 0 changed · 1 failed").contains("cancelled");
        assertThat(jvmStarts()).isEmpty();
        // the daemon serves the next command as before
        fleet.host("web03").clearFaults();
        assertThat(muster(args("run", "all", "--", "true")).exit()).isZero();
    }

    @Test
    void thePortFileIsTheUsersAloneAndTheDaemonAnswersOnlyItsCookie() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(portFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(portFile().getParent())))
                .isEqualTo("rwx------");
        List<String> lines = Files.readAllLines(portFile());
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo(TcpFront.MAGIC);
        assertThat(lines.get(1)).isEqualTo(build);
        int port = Integer.parseInt(lines.get(2));
        String cookie = lines.get(3);
        String answer = lines.get(4);
        assertThat(cookie).matches("[0-9a-f]{32}");     // 128 bits
        assertThat(answer).matches("[0-9a-f]{32}").isNotEqualTo(cookie);

        String wrong = (cookie.charAt(0) == '0' ? "1" : "0") + cookie.substring(1);
        for (String hello : List.of("muster-tcp/1 run " + wrong, "muster-tcp/1 run", "muster-tcp/1 run " + cookie + "0",
                "muster-tcp/1 out " + cookie + " 0123", "GET / HTTP/1.1", "muster-tcp/1 run " + cookie.toUpperCase())) {
            assertThat(say(port, hello)).as("answer to '" + hello + "'").isEmpty();
        }
        assertThat(say(port, "muster-tcp/1 run " + cookie)).startsWith(TcpFront.MAGIC + " " + answer + " ");
        assertThat(daemon.status()).contains("0 command(s) served");
    }

    /** Sends one line and returns everything the daemon answers before it closes (at most 10 s). */
    private static String say(int port, String line) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                got.write(c);
            }
            return got.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aStalePortFileAnotherBuildOrAnImpostorFallsBackToTheJvmClientSayingWhyUnderVerbose() throws Exception {
        // a command that asks for a password needs a terminal: the daemon has none (as with the JVM client)
        CliResult prompt = muster(args("run", "web01", "-v", "--vault-id", "prod@prompt", "--", "true"));
        assertThat(prompt.exit()).as("the stand-in JVM ran nothing").isEqualTo(75);
        assertThat(prompt.err()).contains("the command asks for a vault password");
        assertThat(jvmStarts()).hasSize(2);
        Files.delete(calls);

        List<String> lines = Files.readAllLines(portFile());
        daemon.close();
        daemon = null;
        assertThat(portFile()).as("a daemon that stops removes its port file").doesNotExist();

        // another build's daemon: the bash client never connects
        List<String> other = new ArrayList<>(lines);
        other.set(1, build + "0");
        Files.write(portFile(), other);
        CliResult r = muster(args("run", "web01", "-v", "--", "true"));
        assertThat(r.exit()).as("the stand-in JVM ran nothing").isEqualTo(75);
        assertThat(r.err()).contains("the persist daemon is another build of muster");
        assertThat(jvmStarts()).hasSize(2);
        assertThat(jvmStarts().get(0)).contains(PersistClient.class.getName());

        // a port nobody listens on (the daemon was killed)
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        List<String> stale = new ArrayList<>(lines);
        stale.set(2, Integer.toString(free));
        Files.write(portFile(), stale);
        r = muster(args("run", "web01", "-v", "--", "true"));
        assertThat(r.exit()).isEqualTo(75);
        assertThat(r.err()).contains("nothing listens on the persist daemon's port");
        assertThat(jvmStarts()).hasSize(4);
        // without -v the fallback says nothing
        r = muster(args("run", "web01", "--", "true"));
        assertThat(r.err()).isEmpty();

        // something else on the port: it hears our cookie, never the command or the environment
        try (ServerSocket impostor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> taken = new ArrayList<>(lines);
            taken.set(2, Integer.toString(impostor.getLocalPort()));
            Files.write(portFile(), taken);
            CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> {
                try (Socket s = impostor.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    String hello = in.readLine();
                    s.getOutputStream().write((TcpFront.MAGIC + " " + "0".repeat(32) + " id1\n").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    StringBuilder rest = new StringBuilder(hello).append('\n');
                    for (int c; (c = in.read()) >= 0; ) {
                        rest.append((char) c);
                    }
                    return rest.toString();
                } catch (java.io.IOException e) {
                    return "failed: " + e;
                }
            });
            r = muster(args("run", "web01", "-v", "--", "echo", "not-for-an-impostor"));
            assertThat(r.exit()).isEqualTo(75);
            assertThat(r.err()).contains("the process on the persist daemon's port is not that daemon");
            assertThat(heard.get(30, TimeUnit.SECONDS)).isEqualTo("muster-tcp/1 run " + lines.get(3) + "\n");
        }
        assertThat(jvmStarts()).hasSize(8);
    }

    @Test
    void completionOffersTheInventorysHostsAndGroupsFromTheDaemonAndNothingWithoutOne() throws Exception {
        CliResult script = CliResult.run(List.of("completion", "bash"));
        assertThat(script.exit()).isZero();
        Path file = Files.writeString(dir.resolve("completion.bash"), script.out());
        String muster = Path.of("..", "muster").toAbsolutePath().normalize().toString();
        String inventory = fleet.inventory().toString();

        assertThat(complete(file, List.of(muster, "run", "-i", inventory, "we"), 4))
                .containsExactlyInAnyOrder("web01", "web02", "web03", "webservers");
        assertThat(complete(file, List.of(muster, "run", "--inventory", inventory, "-f", "5", ""), 6))
                .contains("all", "web01", "webservers");
        // @group: bash splits the word at '@' and replaces only what follows it
        assertThat(complete(file, List.of(muster, "run", "-i", inventory, "@", "w"), 5)).containsExactly("webservers");
        assertThat(complete(file, List.of(muster, "push", "-i", inventory, "site/", "/srv/", "web0"), 6))
                .containsExactlyInAnyOrder("web01", "web02", "web03");
        // a selector list: the last item completes, the rest of the word stays
        assertThat(complete(file, List.of(muster, "run", "-i", inventory, "web01,web0"), 4))
                .containsExactlyInAnyOrder("web01,web01", "web01,web02", "web01,web03");
        // past the selector (the remote command) nothing of the inventory is offered
        assertThat(complete(file, List.of(muster, "run", "-i", inventory, "all", "we"), 5))
                .doesNotContain("web01", "webservers");
        assertThat(jvmStarts()).as("names came from the daemon: no JVM per TAB").isEmpty();

        daemon.close();
        daemon = null;
        assertThat(complete(file, List.of(muster, "run", "-i", inventory, "we"), 4)).isEmpty();
        assertThat(jvmStarts()).as("no daemon: nothing offered, and still no JVM").isEmpty();
    }

    /** Runs the completion function as bash would for {@code words} with the cursor at the end of word {@code cword}. */
    private List<String> complete(Path script, List<String> words, int cword) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i <= cword; i++) {
            // bash's COMP_WORDS split "@w" into "@" "w": on the line they are one word
            boolean glued = i > 0 && words.get(i - 1).equals("@");
            line.append(i == 0 || glued ? "" : " ").append(words.get(i));
        }
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w.replace("'", "'\\''")).append("'");
        }
        String bash = "source '" + script + "' && COMP_WORDS=(" + array + ") COMP_CWORD=" + cword
                + " && COMP_LINE='" + line + "' && COMP_POINT=${#COMP_LINE} && _muster muster"
                + " && printf 'reply:%s\\n' \"${COMPREPLY[@]}\"";
        ProcessBuilder pb = launcher(List.of()).command("bash", "-c", bash).redirectErrorStream(false);
        Process p = pb.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out + new String(err.get(), StandardCharsets.UTF_8)).isZero();
        return out.lines().filter(l -> l.startsWith("reply:") && l.length() > "reply:".length())
                .map(l -> l.substring("reply:".length())).toList();
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
}
