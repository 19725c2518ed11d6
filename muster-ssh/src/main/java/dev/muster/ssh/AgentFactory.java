package dev.muster.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;

/** Hands MINA's public-key authentication an {@link AgentClient} per attempt; no forwarding. */
final class AgentFactory implements SshAgentFactory {
    private final Path socket;

    AgentFactory(Path socket) {
        this.socket = socket;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    /** Returns null (no agent keys) when the agent is gone, so file keys are still tried. */
    @Override
    public SshAgent createClient(Session session, FactoryManager manager) {
        try {
            return AgentClient.connect(socket);
        } catch (IOException unreachable) {
            return null;
        }
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) throws IOException {
        throw new IOException("agent forwarding is not supported");
    }
}
