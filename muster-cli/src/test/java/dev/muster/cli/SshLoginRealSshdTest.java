package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.OpenSshFleet;
import dev.muster.testkit.OpenSshHost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How muster logs in to a real OpenSSH sshd: a key file's key signed in the first request (no
 * {@code none} probe, no query: sshd's own debug log says what it received), every key type, a
 * refused key falling back to the next, agent keys, and a host that takes no public keys.
 */
@Timeout(120)
class SshLoginRealSshdTest {
    private static final Pattern REQUEST = Pattern.compile("userauth-request for user \\S+ service \\S+ method (\\S+)");
    private static OpenSshFleet fleet;
    private static OpenSshFleet passwordsOnly;

    @TempDir
    Path tmp;
    private long logFrom;

    @BeforeAll
    static void startFleets() throws Exception {
        OpenSshFleet.assumeAvailable();
        // first value wins in sshd_config: these beat the fleet's LogLevel ERROR and key-only logins
        fleet = OpenSshFleet.builder().hosts(1).baseAddress("127.0.133.1").perHostDirs(false)
                .sshdOptions("LogLevel DEBUG1").start();
        passwordsOnly = OpenSshFleet.builder().hosts(1).baseAddress("127.0.133.17").perHostDirs(false)
                .sshdOptions("PubkeyAuthentication no", "PasswordAuthentication yes", "KbdInteractiveAuthentication yes")
                .start();
    }

    @AfterAll
    static void stopFleets() {
        if (fleet != null) {
            fleet.close();
        }
        if (passwordsOnly != null) {
            passwordsOnly.close();
        }
    }

    @BeforeEach
    void rememberWhereTheLogIs() throws IOException {
        logFrom = Files.size(sshdLog(fleet));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void aKeyFileOfEveryTypeLogsInWithOneSignedRequest(String type) throws Exception {
        Path key = keygen("id_" + type, type);
        authorize(key);

        assertThat(echo(fleet, config(fleet).identityFiles(List.of(key)))).isEqualTo("in\n");

        assertThat(requests()).containsExactly("publickey");
        assertThat(newLog()).doesNotContain(" test pkalg ");
    }

    @Test
    void aKeyTheServerRefusesFallsBackToTheNextKey() throws Exception {
        Path refused = keygen("id_refused", "ed25519");
        Path good = keygen("id_good", "ed25519");
        authorize(good);

        assertThat(echo(fleet, config(fleet).identityFiles(List.of(refused, good)))).isEqualTo("in\n");

        // the first key signed and refused; the next offered (a "test"), then signed
        assertThat(requests()).containsExactly("publickey", "publickey", "publickey");
        assertThat(newLog()).containsOnlyOnce(" test pkalg ");
    }

    @Test
    void aKeyHeldByAnAgentLogsIn() throws Exception {
        assumeTrue(onPath("ssh-agent") && onPath("ssh-add"), "ssh-agent or ssh-add is not installed");
        Path key = keygen("id_agent", "ed25519");
        authorize(key);
        Path socket = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
        try {
            String first = new BufferedReader(new InputStreamReader(agent.getInputStream())).readLine();
            assertThat(first).as("ssh-agent start-up line").startsWith("SSH_AUTH_SOCK=");
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            run(add);

            assertThat(echo(fleet, config(fleet).identityFiles(List.of()).agentSocket(socket))).isEqualTo("in\n");
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
        // an agent key is offered before the agent is asked to sign, as OpenSSH's client does
        assertThat(requests()).containsExactly("publickey", "publickey");
        assertThat(newLog()).containsOnlyOnce(" test pkalg ");
    }

    @Test
    void aHostThatTakesNoPublicKeyFailsAsAuthFailedAtOnce() throws Exception {
        Path key = keygen("id_pw", "ed25519");

        assertThatThrownBy(() -> echo(passwordsOnly, config(passwordsOnly).identityFiles(List.of(key))))
                .isInstanceOfSatisfying(StepFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(FailureKind.AUTH_FAILED);
                    assertThat(f.getMessage()).contains("server refused every key offered for " + passwordsOnly.user());
                });
    }

    // ------------------------------------------------------------------ helpers

    private static SshTransportConfig.Builder config(OpenSshFleet f) {
        return SshTransportConfig.builder().defaultUser(f.user()).knownHostsFile(f.knownHosts()).agentSocket(null)
                .handshakeRetries(0).connectTimeout(Duration.ofSeconds(20));
    }

    private static String echo(OpenSshFleet f, SshTransportConfig.Builder config) throws Exception {
        OpenSshHost h = f.hosts().getFirst();
        try (SshTransport ssh = new SshTransport(config.build());
             Connection c = ssh.connect(Host.of(h.name(), h.address(), h.port()))) {
            return c.exec(ExecRequest.of("echo in")).stdoutText();
        }
    }

    private static Path authorizedKeys() {
        return fleet.dir().resolve("authorized_keys");
    }

    /** This key alone: sshd reads authorized_keys at each login. */
    private static void authorize(Path key) throws IOException {
        Files.writeString(authorizedKeys(), Files.readString(Path.of(key + ".pub")));
    }

    /**
     * The methods of the user-auth requests sshd logged since this test began; OpenSSH's host-bound
     * public-key method (used once the server announced it, i.e. after the first request) counts as
     * "publickey".
     */
    private List<String> requests() throws IOException {
        Matcher m = REQUEST.matcher(newLog());
        return m.results().map(r -> r.group(1).replace("publickey-hostbound-v00@openssh.com", "publickey")).toList();
    }

    private String newLog() throws IOException {
        byte[] all = Files.readAllBytes(sshdLog(fleet));
        return new String(all, (int) logFrom, all.length - (int) logFrom, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Path sshdLog(OpenSshFleet f) throws IOException {
        try (Stream<Path> files = Files.walk(f.dir().resolve("sshd"))) {
            return files.filter(p -> p.getFileName().toString().equals("sshd.log")).findFirst().orElseThrow();
        }
    }

    private Path keygen(String name, String type) throws Exception {
        Path key = tmp.resolve(name);
        run(new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", key.toString())
                .redirectErrorStream(true));
        return key;
    }

    private static void run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(pb.command() + ": " + output).isZero();
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
