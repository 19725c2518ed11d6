package dev.muster.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/**
 * A minimal in-process SSH server for this module's tests: a generated host key, public-key
 * authentication against keys the test authorizes, and a few built-in commands run in-process:
 * {@code echo WORDS}, {@code err WORDS}, {@code exit N}, {@code sleep MS}, {@code cat},
 * {@code yes BYTES}, {@code signal NAME}, {@code drop} (closes the whole session).
 * Every user-auth request is recorded in {@link #authRequests}.
 */
final class TestServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;
    private final Set<PublicKey> authorized = ConcurrentHashMap.newKeySet();
    final AtomicInteger sessionsCreated = new AtomicInteger();
    final AtomicInteger sessionsClosed = new AtomicInteger();
    final AtomicInteger runningCommands = new AtomicInteger();
    final AtomicInteger peakRunningCommands = new AtomicInteger();
    /** One permit per command started, so tests can wait for a command to be running. */
    final java.util.concurrent.Semaphore commandsStarted = new java.util.concurrent.Semaphore(0);
    /** The next this-many sessions are dropped right after they are created (like MaxStartups). */
    final AtomicInteger dropNextSessions = new AtomicInteger();
    /** Sessions created and not yet authenticated or closed; its peak, and drops because of it. */
    final AtomicInteger unauthenticated = new AtomicInteger();
    final AtomicInteger peakUnauthenticated = new AtomicInteger();
    final AtomicInteger maxStartupsDrops = new AtomicInteger();
    /**
     * Each user-auth request received, in order: {@code none}, {@code publickey query} (a key offered
     * without a signature), {@code publickey signed}, {@code password}, {@code keyboard-interactive}.
     */
    final List<String> authRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Key exchange algorithms the sessions negotiated. */
    final Set<String> negotiatedKex = ConcurrentHashMap.newKeySet();
    private volatile int maxStartups = Integer.MAX_VALUE;

    private TestServer(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    static Builder on(String address) {
        return new Builder(address);
    }

    static final class Builder {
        private final String address;
        private int maxChannels;
        private boolean forwarding;
        private int maxStartups = Integer.MAX_VALUE;
        private KeyPair hostKey;
        private List<KeyPair> extraHostKeys = List.of();
        private String loginMethod = "publickey";

        private Builder(String address) {
            this.address = address;
        }

        Builder maxChannels(int n) { maxChannels = n; return this; }
        Builder forwarding() { forwarding = true; return this; }
        Builder maxStartups(int n) { maxStartups = n; return this; }
        Builder hostKey(KeyPair kp) { hostKey = kp; return this; }
        /** Serves these keys too, after the main one. */
        Builder extraHostKeys(KeyPair... kps) { extraHostKeys = List.of(kps); return this; }
        /** Takes no public keys, only passwords (which it refuses), as a password-only sshd. */
        Builder passwordsOnly() { loginMethod = "password"; return this; }
        /** Takes no public keys, only keyboard-interactive logins (which it refuses). */
        Builder keyboardInteractiveOnly() { loginMethod = "keyboard-interactive"; return this; }

        TestServer start() throws IOException {
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost(address);
            sshd.setPort(0);
            CoreModuleProperties.TCP_NODELAY.set(sshd, true);
            if (maxChannels > 0) {
                CoreModuleProperties.MAX_CONCURRENT_CHANNELS.set(sshd, maxChannels);
            }
            KeyPair key = hostKey != null ? hostKey : TestKeys.ecKeyPair();
            List<KeyPair> served = new java.util.ArrayList<>(List.of(key));
            served.addAll(extraHostKeys);
            sshd.setKeyPairProvider(KeyPairProvider.wrap(served));
            TestServer ts = new TestServer(sshd, key);
            ts.maxStartups = maxStartups;
            sshd.setPublickeyAuthenticator((user, offered, session) ->
                    ts.authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, offered)));
            sshd.setPasswordAuthenticator((user, password, session) -> false);
            sshd.setUserAuthFactories(List.of(AuthRecorder.none(ts.authRequests),
                    AuthRecorder.method(loginMethod, ts.authRequests)));
            sshd.setCommandFactory((channel, command) -> ts.new BuiltinCommand(command));
            if (forwarding) {
                sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
            }
            sshd.addSessionListener(new SessionListener() {
                @Override
                public void sessionCreated(Session session) {
                    ts.sessionsCreated.incrementAndGet();
                    int pending = ts.unauthenticated.incrementAndGet();
                    session.setAttribute(PENDING_AUTH, Boolean.TRUE);
                    ts.peakUnauthenticated.accumulateAndGet(pending, Math::max);
                    if (pending > ts.maxStartups) {
                        ts.maxStartupsDrops.incrementAndGet();
                        session.close(true);
                    } else if (ts.dropNextSessions.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        session.close(true);
                    }
                }

                @Override
                public void sessionEvent(Session session, Event event) {
                    if (event == Event.Authenticated) {
                        ts.authenticationDone(session);
                    }
                }

                @Override
                public void sessionNegotiationEnd(Session session, Map<KexProposalOption, String> client,
                                                  Map<KexProposalOption, String> server,
                                                  Map<KexProposalOption, String> negotiated, Throwable reason) {
                    if (negotiated != null && negotiated.get(KexProposalOption.ALGORITHMS) != null) {
                        ts.negotiatedKex.add(negotiated.get(KexProposalOption.ALGORITHMS));
                    }
                }

                @Override
                public void sessionClosed(Session session) {
                    ts.authenticationDone(session);
                    ts.sessionsClosed.incrementAndGet();
                }
            });
            sshd.start();
            return ts;
        }
    }

    private static final org.apache.sshd.common.AttributeRepository.AttributeKey<Boolean> PENDING_AUTH =
            new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

    private void authenticationDone(Session session) {
        if (session.removeAttribute(PENDING_AUTH) != null) {
            unauthenticated.decrementAndGet();
        }
    }

    TestServer authorize(PublicKey key) {
        authorized.add(key);
        return this;
    }

    String address() {
        return server.getHost();
    }

    int port() {
        return server.getPort();
    }

    PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** A known_hosts line for this server, {@code [address]:port key}. */
    String knownHostsLine() {
        return KnownHosts.hostId(address(), port()) + " " + PublicKeyEntry.toString(hostKey());
    }

    int openSessions() {
        return server.getActiveSessions().size();
    }

    /** Closes every session abruptly, as a crashed or restarted sshd would. */
    void dropAllSessions() {
        server.getActiveSessions().forEach(s -> s.close(true));
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    final class BuiltinCommand implements Command {
        private final List<String> argv;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread worker;

        BuiltinCommand(String command) {
            this.argv = List.of(command.strip().split("\\s+"));
        }

        @Override public void setInputStream(InputStream in) { this.in = in; }
        @Override public void setOutputStream(OutputStream out) { this.out = out; }
        @Override public void setErrorStream(OutputStream err) { this.err = err; }
        @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

        @Override
        public void start(ChannelSession channel, Environment env) {
            worker = Thread.ofVirtual().start(() -> {
                peakRunningCommands.accumulateAndGet(runningCommands.incrementAndGet(), Math::max);
                commandsStarted.release();
                Integer exitCode;
                try {
                    exitCode = run(channel);
                } catch (Exception e) {
                    exitCode = 255;
                } finally {
                    // before the exit status goes out, so the client cannot start the next one first
                    runningCommands.decrementAndGet();
                }
                if (exitCode != null) {
                    exit.onExit(exitCode);
                }
            });
        }

        /** The exit code, or null when the command already ended the channel itself. */
        private Integer run(ChannelSession channel) throws Exception {
            String rest = String.join(" ", argv.subList(1, argv.size()));
            switch (argv.getFirst()) {
                case "echo" -> print(out, rest + "\n");
                case "err" -> print(err, rest + "\n");
                case "exit" -> {
                    return Integer.parseInt(argv.get(1));
                }
                case "sleep" -> Thread.sleep(Long.parseLong(argv.get(1)));
                case "cat" -> {
                    in.transferTo(out);
                    out.flush();
                }
                case "yes" -> {
                    byte[] data = new byte[Integer.parseInt(argv.get(1))];
                    java.util.Arrays.fill(data, (byte) 'y');
                    out.write(data);
                    out.flush();
                }
                case "signal" -> {
                    sendExitSignal(channel, argv.get(1));
                    return null;
                }
                case "drop" -> {
                    channel.getSession().close(true);
                    return null;
                }
                default -> {
                    print(err, "unknown command: " + argv.getFirst() + "\n");
                    return 127;
                }
            }
            return 0;
        }

        private void print(OutputStream stream, String text) throws IOException {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
            stream.flush();
        }

        /** What sshd sends when the command was killed: exit-signal instead of exit-status. */
        private void sendExitSignal(ChannelSession channel, String name) throws IOException {
            Buffer buf = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST);
            buf.putUInt(channel.getRecipient());
            buf.putString("exit-signal");
            buf.putBoolean(false);
            buf.putString(name);
            buf.putBoolean(false);
            buf.putString("");
            buf.putString("");
            channel.writePacket(buf);
            channel.close(false);
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (worker != null) {
                worker.interrupt();
            }
        }
    }
}
