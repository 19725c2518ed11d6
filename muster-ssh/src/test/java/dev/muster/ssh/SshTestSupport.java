package dev.muster.ssh;

import dev.muster.core.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Per-test temp dir with a client key and known_hosts, and cleanup of servers and transports. */
abstract class SshTestSupport {
    @TempDir
    Path dir;
    KeyPair clientKey;
    Path keyFile;
    Path knownHosts;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUpKeys() throws Exception {
        clientKey = TestKeys.ecKeyPair();
        keyFile = TestKeys.writeKey(clientKey, dir.resolve("id_ecdsa"));
        knownHosts = dir.resolve("known_hosts");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    /** A started server on 127.0.0.1 that trusts {@link #clientKey}, recorded in known_hosts. */
    TestServer server() throws Exception {
        return trusted(closeLater(TestServer.on("127.0.0.1").start().authorize(clientKey.getPublic())));
    }

    TestServer trusted(TestServer server) throws Exception {
        Files.writeString(knownHosts, server.knownHostsLine() + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return server;
    }

    /** Config with only this test's key and known_hosts, no agent, short timeouts. */
    SshTransportConfig.Builder config() {
        return SshTransportConfig.builder()
                .defaultUser("tester")
                .knownHostsFile(knownHosts)
                .identityFiles(List.of(keyFile))
                .agentSocket(null)
                .connectTimeout(Duration.ofSeconds(5));
    }

    SshTransport transport(SshTransportConfig config) {
        return closeLater(new SshTransport(config));
    }

    SshTransport transport() {
        return transport(config().build());
    }

    static Host host(TestServer server) {
        return Host.of("web01", server.address(), server.port());
    }
}
