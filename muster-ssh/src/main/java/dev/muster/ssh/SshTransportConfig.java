package dev.muster.ssh;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.inventory.SshOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of an {@link SshTransport}. Build one with {@link #builder()}; every field has a
 * default that matches OpenSSH's behaviour where there is one.
 *
 * @param defaultUser            login user when the host names none
 * @param knownHostsFile         known_hosts used when the host names none
 * @param knownHostsFileWins     knownHostsFile was given on the command line: it is used for every
 *                               host, whatever the inventory or ssh_config name (as {@code ssh -o
 *                               UserKnownHostsFile=...} beats the config files)
 * @param hostKeyPolicy          STRICT, or ACCEPT_NEW to record unknown keys
 * @param identityFiles          private keys tried for every host (after the host's own)
 * @param passphraseProvider     asked for the passphrase of an encrypted key, or null: an encrypted
 *                               key then fails with {@link FailureKind#AUTH_FAILED}
 * @param agentSocket            ssh-agent socket (SSH_AUTH_SOCK), or null for no agent
 * @param connectTimeout         TCP connect + key exchange + authentication, per attempt
 * @param keepaliveInterval      keepalive requests on idle sessions; zero disables them
 * @param maxSessions            open sessions across all hosts
 * @param maxChannelsPerSession  concurrent channels over one session (keep below sshd's MaxSessions)
 * @param idleTimeout            an unused session is closed after this long
 * @param maxLifetime            a session is not reused past this age
 * @param acquireTimeout         how long a caller waits for a session or channel slot
 * @param maxWaiting             callers allowed to wait at once; beyond it POOL_EXHAUSTED at once
 * @param handshakesPerEndpoint  concurrent handshakes to one sshd (or through one jump host)
 * @param handshakesGlobal       concurrent handshakes overall
 * @param handshakeRetries       retries of connections dropped before authentication
 * @param aliasResolver          resolves ProxyJump host names to options, or null
 * @param tcpQuickAck            acknowledge server packets at once (Linux TCP_QUICKACK): OpenSSH
 *                               keeps Nagle on for exec sessions, and without it the first exec on
 *                               each session waits ~40 ms for our delayed ACK
 */
public record SshTransportConfig(String defaultUser, Path knownHostsFile, boolean knownHostsFileWins,
                                 HostKeyPolicy hostKeyPolicy,
                                 List<Path> identityFiles, Function<Path, char[]> passphraseProvider,
                                 Path agentSocket, Duration connectTimeout, Duration keepaliveInterval,
                                 int maxSessions, int maxChannelsPerSession, Duration idleTimeout,
                                 Duration maxLifetime, Duration acquireTimeout, int maxWaiting,
                                 int handshakesPerEndpoint, int handshakesGlobal, int handshakeRetries,
                                 Function<String, SshOptions> aliasResolver, boolean tcpQuickAck,
                                 boolean compression) {

    public SshTransportConfig {
        Objects.requireNonNull(defaultUser, "defaultUser");
        Objects.requireNonNull(knownHostsFile, "knownHostsFile");
        Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
        identityFiles = List.copyOf(identityFiles);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepaliveInterval, "keepaliveInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        positive("maxSessions", maxSessions);
        positive("maxChannelsPerSession", maxChannelsPerSession);
        positive("maxWaiting", maxWaiting);
        positive("handshakesPerEndpoint", handshakesPerEndpoint);
        positive("handshakesGlobal", handshakesGlobal);
        if (handshakeRetries < 0) {
            throw new IllegalArgumentException("handshakeRetries must be >= 0");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    /** Defaults: the current user, ~/.ssh/known_hosts, STRICT, ~/.ssh/id_* keys, SSH_AUTH_SOCK. */
    public static SshTransportConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.defaultUser = defaultUser;
        b.knownHostsFile = knownHostsFile;
        b.knownHostsFileWins = knownHostsFileWins;
        b.hostKeyPolicy = hostKeyPolicy;
        b.identityFiles = new ArrayList<>(identityFiles);
        b.passphraseProvider = passphraseProvider;
        b.agentSocket = agentSocket;
        b.connectTimeout = connectTimeout;
        b.keepaliveInterval = keepaliveInterval;
        b.maxSessions = maxSessions;
        b.maxChannelsPerSession = maxChannelsPerSession;
        b.idleTimeout = idleTimeout;
        b.maxLifetime = maxLifetime;
        b.acquireTimeout = acquireTimeout;
        b.maxWaiting = maxWaiting;
        b.handshakesPerEndpoint = handshakesPerEndpoint;
        b.handshakesGlobal = handshakesGlobal;
        b.handshakeRetries = handshakeRetries;
        b.aliasResolver = aliasResolver;
        b.tcpQuickAck = tcpQuickAck;
        b.compression = compression;
        return b;
    }

    public SshTransportConfig withHostKeyPolicy(HostKeyPolicy policy) {
        return toBuilder().hostKeyPolicy(policy).build();
    }

    public SshTransportConfig withKnownHostsFile(Path file) {
        return toBuilder().knownHostsFile(file).build();
    }

    /** The private keys OpenSSH tries by default, those that exist. */
    static List<Path> defaultIdentityFiles(Path sshDir) {
        List<Path> found = new ArrayList<>();
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            Path p = sshDir.resolve(name);
            if (Files.isReadable(p)) {
                found.add(p);
            }
        }
        return found;
    }

    public static final class Builder {
        private static final Path SSH_DIR = Path.of(System.getProperty("user.home"), ".ssh");

        private String defaultUser = System.getProperty("user.name");
        private Path knownHostsFile = SSH_DIR.resolve("known_hosts");
        private boolean knownHostsFileWins;
        private HostKeyPolicy hostKeyPolicy = HostKeyPolicy.STRICT;
        private List<Path> identityFiles = defaultIdentityFiles(SSH_DIR);
        private Function<Path, char[]> passphraseProvider;
        private Path agentSocket = agentSocketFromEnvironment();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration keepaliveInterval = Duration.ofSeconds(15);
        private int maxSessions = 4096;
        private int maxChannelsPerSession = 8;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration maxLifetime = Duration.ofMinutes(10);
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private int maxWaiting = 100_000;
        private int handshakesPerEndpoint = 8;
        private int handshakesGlobal = 64;
        private int handshakeRetries = 6;
        private Function<String, SshOptions> aliasResolver;
        private boolean tcpQuickAck = true;
        private boolean compression;

        private Builder() {
        }

        private static Path agentSocketFromEnvironment() {
            String sock = System.getenv("SSH_AUTH_SOCK");
            return sock == null || sock.isBlank() ? null : Path.of(sock);
        }

        public Builder defaultUser(String v) { defaultUser = v; return this; }
        public Builder knownHostsFile(Path v) { knownHostsFile = v; return this; }
        /** The known_hosts given on the command line: used for every host, over the inventory's and ssh_config's. */
        public Builder commandLineKnownHostsFile(Path v) { knownHostsFile = v; knownHostsFileWins = true; return this; }
        public Builder hostKeyPolicy(HostKeyPolicy v) { hostKeyPolicy = v; return this; }
        /** Replaces the identity files (the defaults found in ~/.ssh included). */
        public Builder identityFiles(List<Path> v) { identityFiles = new ArrayList<>(v); return this; }
        /** Adds identity files after those already set. */
        public Builder addIdentityFile(Path v) { identityFiles.add(v); return this; }
        public Builder passphraseProvider(Function<Path, char[]> v) { passphraseProvider = v; return this; }
        /** Sets the agent socket; null disables the agent. */
        public Builder agentSocket(Path v) { agentSocket = v; return this; }
        public Builder useAgent(boolean v) { agentSocket = v ? agentSocketFromEnvironment() : null; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder keepaliveInterval(Duration v) { keepaliveInterval = v; return this; }
        public Builder maxSessions(int v) { maxSessions = v; return this; }
        public Builder maxChannelsPerSession(int v) { maxChannelsPerSession = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxLifetime(Duration v) { maxLifetime = v; return this; }
        public Builder acquireTimeout(Duration v) { acquireTimeout = v; return this; }
        public Builder maxWaiting(int v) { maxWaiting = v; return this; }
        public Builder handshakesPerEndpoint(int v) { handshakesPerEndpoint = v; return this; }
        public Builder handshakesGlobal(int v) { handshakesGlobal = v; return this; }
        public Builder handshakeRetries(int v) { handshakeRetries = v; return this; }
        public Builder aliasResolver(Function<String, SshOptions> v) { aliasResolver = v; return this; }
        public Builder tcpQuickAck(boolean v) { tcpQuickAck = v; return this; }
        /** Offer zlib compression (zlib@openssh.com, then zlib, then none), as ssh -C: for slow links. */
        public Builder compression(boolean v) { compression = v; return this; }

        public SshTransportConfig build() {
            return new SshTransportConfig(defaultUser, knownHostsFile, knownHostsFileWins, hostKeyPolicy, identityFiles,
                    passphraseProvider, agentSocket, connectTimeout, keepaliveInterval, maxSessions,
                    maxChannelsPerSession, idleTimeout, maxLifetime, acquireTimeout, maxWaiting,
                    handshakesPerEndpoint, handshakesGlobal, handshakeRetries, aliasResolver, tcpQuickAck, compression);
        }
    }
}
