package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Authentication through a real ssh-agent holding keys added by ssh-add. */
class AgentTest extends SshTestSupport {
    Process agent;
    Path socket;

    @BeforeEach
    void startAgent() throws Exception {
        assumeTrue(TestKeys.onPath("ssh-agent") && TestKeys.onPath("ssh-add") && TestKeys.hasSshKeygen(),
                "ssh-agent, ssh-add or ssh-keygen is not installed: skipping agent tests");
        socket = dir.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
        // With -D the agent prints its environment once the socket is listening.
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream()));
        String first = out.readLine();
        assertThat(first).as("ssh-agent start-up line").startsWith("SSH_AUTH_SOCK=");
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void sshAdd(Path key) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("SSH_AUTH_SOCK", socket.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("ssh-add: " + output).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void keyHeldByTheAgentAuthenticates(String type) throws Exception {
        Path key = TestKeys.sshKeygen(dir.resolve("agent_" + type), type, "");
        sshAdd(key);
        TestServer server = trusted(closeLater(TestServer.on("127.0.0.1").start()
                .authorize(TestKeys.readPublicKey(Path.of(key + ".pub")))));
        // no key files at all: only the agent can sign
        SshTransport ssh = transport(config().identityFiles(List.of()).agentSocket(socket).build());

        try (Connection c = ssh.connect(host(server))) {
            assertThat(c.exec(ExecRequest.of("echo via agent")).stdoutText()).isEqualTo("via agent\n");
        }
        // as OpenSSH: an agent key is offered first and signed only once the server wants it
        assertThat(server.authRequests).containsExactly("publickey query", "publickey signed");
    }

    @Test
    void anAgentKeyTheServerRefusesFallsBackToAKeyFile() throws Exception {
        sshAdd(TestKeys.sshKeygen(dir.resolve("agent_refused"), "ed25519", ""));
        TestServer server = server();
        SshTransport ssh = transport(config().agentSocket(socket).build());

        try (Connection c = ssh.connect(host(server))) {
            assertThat(c.exec(ExecRequest.of("echo via file")).stdoutText()).isEqualTo("via file\n");
        }
        // agent keys come first (as OpenSSH); the key file after them is offered, then signed
        assertThat(server.authRequests).containsExactly("publickey query", "publickey query", "publickey signed");
    }
}
