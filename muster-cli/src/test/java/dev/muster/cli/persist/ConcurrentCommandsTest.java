package dev.muster.cli.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persist daemon runs its clients' commands at the same time, each with its own context: the
 * environment its client sent and whether its client has a terminal, never another command's.
 */
class ConcurrentCommandsTest {
    @TempDir
    Path dir;

    @Test
    void commandsRunningAtOnceSeeTheirOwnClientsEnvironmentAndTerminal() throws Exception {
        Path inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, "hosts:\n  app1: {address: 127.0.0.1, vars: {token: {secret: {env: APP_TOKEN}}}}\n");
        Path template = dir.resolve("t.peb");
        Files.writeString(template, "{{ token | length }}\n");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();   // nothing listens there once closed: the check fails
        }
        List<String> render = List.of("render", template.toString(), "--host", "app1", "-i", inventory.toString());
        List<String> check = List.of("check", "all", "--tcp", String.valueOf(closedPort), "--retries", "0", "-i",
                inventory.toString());
        List<PersistWire.Request> requests = List.of(
                new PersistWire.Request(PersistWire.RUN, false, render, Map.of("APP_TOKEN", "abc")),
                new PersistWire.Request(PersistWire.RUN, false, render, Map.of("APP_TOKEN", "abcdefghij")),
                new PersistWire.Request(PersistWire.RUN, true, check, Map.of("TERM", "xterm")),
                new PersistWire.Request(PersistWire.RUN, false, check, Map.of("TERM", "xterm")));
        // no command starts before every one of them is in the daemon: they run at the same time
        CyclicBarrier together = new CyclicBarrier(requests.size());
        Path socket = dir.resolve("d.sock");
        List<CliResult> results = new ArrayList<>();
        try (PersistDaemon daemon = PersistDaemon.start(socket, Duration.ofMinutes(1), (args, out, err, context) -> {
            try {
                together.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the four commands were not in the daemon at once", e);
            }
            return Main.run(args, out, err, context);
        }); ExecutorService clients = Executors.newFixedThreadPool(requests.size())) {
            assertThat(daemon).isNotNull();
            List<Future<CliResult>> sent = new ArrayList<>();
            for (PersistWire.Request request : requests) {
                sent.add(clients.submit(() -> send(socket, request)));
            }
            for (Future<CliResult> f : sent) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
        }
        CliResult shortToken = results.get(0);
        CliResult longToken = results.get(1);
        CliResult onTerminal = results.get(2);
        CliResult piped = results.get(3);
        assertThat(shortToken.exit()).as(shortToken.err()).isZero();
        assertThat(shortToken.out()).isEqualTo("3\n");
        assertThat(longToken.exit()).as(longToken.err()).isZero();
        assertThat(longToken.out()).isEqualTo("10\n");
        assertThat(onTerminal.exit()).as(onTerminal.err()).isEqualTo(1);
        assertThat(onTerminal.out()).contains("\u001b[1mapp1\u001b[0m (1): ");
        assertThat(piped.exit()).as(piped.err()).isEqualTo(1);
        assertThat(piped.out()).contains("app1 (1): ").doesNotContain("\u001b[");
    }

    private static CliResult send(Path socket, PersistWire.Request request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PersistClient.relay(PersistClient.connect(socket), request,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
