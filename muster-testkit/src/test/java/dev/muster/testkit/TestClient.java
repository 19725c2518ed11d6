package dev.muster.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.core.CoreModuleProperties;

/** A plain MINA client for the tests: known_hosts checked strictly, key auth only. */
final class TestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final SshClient client = SshClient.setUpDefaultClient();
    private final KeyPair key;
    private final String user;

    TestClient(KeyPair key, Path knownHosts, String user) {
        this.key = key;
        this.user = user;
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        // curve25519 first: with BouncyCastle MINA would otherwise pick the costlier sntrup761 (STACK.md pitfall 1)
        List<KeyExchangeFactory> kex = new ArrayList<>(client.getKeyExchangeFactories());
        kex.sort(Comparator.comparing(f -> !f.getName().equals("curve25519-sha256")));
        client.setKeyExchangeFactories(kex);
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
        client.start();
    }

    static TestClient of(FakeFleet fleet) {
        return new TestClient(fleet.clientKey().keyPair(), fleet.knownHosts(), "muster");
    }

    static TestClient of(OpenSshFleet fleet) {
        return new TestClient(fleet.clientKey().keyPair(), fleet.knownHosts(), fleet.user());
    }

    ClientSession connect(InetSocketAddress endpoint) throws IOException {
        ClientSession session = client.connect(user, endpoint).verify(TIMEOUT).getSession();
        try {
            session.addPublicKeyIdentity(key);
            session.auth().verify(TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    Result run(InetSocketAddress endpoint, String command) throws IOException {
        try (ClientSession session = connect(endpoint)) {
            return exec(session, command, "");
        }
    }

    static Result exec(ClientSession session, String command, String stdin) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(TIMEOUT);
            // CLOSED, not EXIT_STATUS, or trailing output may be lost (STACK.md pitfall 12)
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            Integer code = channel.getExitStatus();
            return new Result(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        client.stop();
    }

    record Result(int exit, String stdout, String stderr) {
    }
}
