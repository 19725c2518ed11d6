package dev.muster.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/** The MINA server behind one {@link FakeHost}, and which listener currently holds its port. */
final class HostServer {

    enum Listening { SSH, HANG, NONE }

    /**
     * What every host of a fleet shares: how it answers commands, the key exchanges it offers
     * (null: MINA's defaults) and the client key it accepts.
     */
    record Settings(CommandMode mode, UnknownCommands unknown, List<String> kex, PublicKey clientKey) {
    }

    private final FakeHost host;
    private final Settings settings;
    private final ExposedServer sshd = (ExposedServer) ServerBuilder.builder().factory(ExposedServer::new).build();
    private InetSocketAddress endpoint;
    private Listening listening = Listening.SSH;
    private HangingListener hanging;

    HostServer(FakeHost host, Settings settings, SharedIo io) {
        this.host = host;
        this.settings = settings;
        io.attach(sshd);
        if (settings.kex() != null) {
            sshd.setKeyExchangeFactories(sshd.getKeyExchangeFactories().stream()
                    .filter(f -> settings.kex().contains(f.getName())).toList());
        }
        sshd.setKeyPairProvider(new PresentedKey());
        sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        sshd.setPublickeyAuthenticator((user, key, session) ->
                !host.has(Fault.REJECT_AUTH) && KeyUtils.compareKeys(settings.clientKey(), key));
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setPasswordAuthenticator(null);
        sshd.addSessionListener(new Counting());
        sshd.setCommandFactory((channel, line) -> new FakeCommand((ch, env) -> plan(ch, env, line)));
        // In SHELL mode commands run on this machine's real file system, so SFTP must see the same
        // paths; otherwise each host's SFTP is rooted in its own directory.
        sshd.setFileSystemFactory(settings.mode() == CommandMode.SHELL ? NativeFileSystemFactory.INSTANCE
                : new VirtualFileSystemFactory(host.dir()));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    }

    /** Binds {@code address} (port 0 picks one) and keeps that port across fault changes. */
    void start(InetSocketAddress address) throws IOException {
        sshd.setHost(address.getHostString());
        sshd.setPort(address.getPort());
        sshd.start();
        endpoint = new InetSocketAddress(address.getHostString(), sshd.getPort());
    }

    InetSocketAddress endpoint() {
        return endpoint;
    }

    synchronized void listen(Listening wanted) {
        if (wanted == listening) {
            return;
        }
        try {
            if (listening == Listening.SSH) {
                sshd.acceptor().unbind(endpoint);
            } else if (listening == Listening.HANG) {
                hanging.close();
                hanging = null;
            }
            if (wanted == Listening.SSH) {
                sshd.acceptor().bind(endpoint);
            } else if (wanted == Listening.HANG) {
                hanging = new HangingListener(endpoint, host::countAccepted);
            }
            listening = wanted;
        } catch (IOException e) {
            listening = Listening.NONE;
            throw new UncheckedIOException("cannot rebind " + host, e);
        }
    }

    synchronized void stop() {
        if (hanging != null) {
            hanging.close();
        }
        try {
            sshd.stop(true);
        } catch (IOException e) {
            // stopping anyway; the shared group goes down with the fleet
        }
    }

    private Behaviour plan(ChannelSession channel, Environment env, String line) {
        host.countCommand();
        Behaviour b = answer(channel, env, line);
        for (Fault f : host.faults()) {
            if (f instanceof Fault.Exit exit) {
                b = Behaviour.reply("", "", exit.code());
            }
        }
        for (Fault f : host.faults()) {
            if (f instanceof Fault.Slow slow) {
                Behaviour inner = b;
                b = (in, out, err) -> {
                    Thread.sleep(slow.delay());
                    return inner.run(in, out, err);
                };
            }
        }
        return b;
    }

    private Behaviour answer(ChannelSession channel, Environment env, String line) {
        String user = channel.getSession().getUsername();
        Map<String, String> clientEnv = env.getEnv();
        if (settings.mode() == CommandMode.SHELL) {
            return new ShellBehaviour(line, host.dir(), user, clientEnv);
        }
        return Builtins.resolve(line, host.name(), user, host.profile()).orElseGet(() ->
                settings.unknown() == UnknownCommands.RUN_IN_SHELL
                        ? new ShellBehaviour(line, host.dir(), user, clientEnv)
                        : Behaviour.reply("", "sh: 1: " + firstWord(line) + ": not found\n", 127));
    }

    private static String firstWord(String line) {
        String s = line.strip();
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    /** Presents the host's key, or the wrong one while WRONG_HOST_KEY is set. */
    private final class PresentedKey implements KeyPairProvider {
        @Override
        public Iterable<KeyPair> loadKeys(SessionContext session) {
            return List.of(host.presentedKey());
        }
    }

    private final class Counting implements SessionListener {
        @Override
        public void sessionCreated(Session session) {
            host.countAccepted();
            host.countOpened();
        }

        @Override
        public void sessionNegotiationStart(Session session, Map<KexProposalOption, String> clientProposal,
                                            Map<KexProposalOption, String> serverProposal) {
            if (host.takeHandshakeDrop()) {
                session.close(true);
            }
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event == Event.Authenticated) {
                host.countAuthenticated();
                if (host.has(Fault.DROP_AFTER_AUTH)) {
                    // Drop once the client uses the authenticated session (opens a channel), so the
                    // client has certainly seen authentication succeed.
                    session.addChannelListener(new org.apache.sshd.common.channel.ChannelListener() {
                        @Override
                        public void channelOpenSuccess(org.apache.sshd.common.channel.Channel channel) {
                            session.close(true);
                        }
                    });
                }
            }
        }

        @Override
        public void sessionClosed(Session session) {
            host.countClosed();
        }
    }

    /** SshServer keeps its acceptor protected; faults need to unbind and rebind it. */
    private static final class ExposedServer extends SshServer {
        IoAcceptor acceptor() {
            return acceptor;
        }
    }
}
