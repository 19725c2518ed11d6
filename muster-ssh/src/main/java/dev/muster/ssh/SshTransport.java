package dev.muster.ssh;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.PoolStats;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientConnectionServiceFactory;
import org.apache.sshd.common.global.KeepAliveHandler;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH {@link Transport}: one MINA client, one authenticated session per host reused for
 * many channels, known_hosts checking, keys from files and ssh-agent, ProxyJump routes, and a
 * handshake limiter so fan-out does not trip sshd's MaxStartups.
 *
 * <pre>{@code
 * try (SshTransport ssh = new SshTransport(SshTransportConfig.builder()
 *         .hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).build())) {
 *     try (Connection c = ssh.connect(host)) {
 *         ExecResult r = c.exec(ExecRequest.of("uname -r"));
 *     }
 * }
 * }</pre>
 */
public final class SshTransport implements Transport {
    /** Fastest key exchanges first: bcprov makes MINA prefer sntrup761, ~13 ms slower per handshake. */
    private static final List<String> PREFERRED_KEX = List.of("curve25519-sha256", "curve25519-sha256@libssh.org");
    /**
     * AES-GCM first: the JDK runs AES on the CPU's AES instructions, while MINA's
     * chacha20-poly1305 (OpenSSH's first choice) is plain Java and showed up in profiles of
     * cold fan-outs.
     */
    private static final List<String> PREFERRED_CIPHERS = List.of("aes128-gcm@openssh.com",
            "aes256-gcm@openssh.com", "aes128-ctr", "aes256-ctr");

    private static final Logger LOG = LoggerFactory.getLogger(SshTransport.class);

    private final SshTransportConfig config;
    private final SshClient client;
    private final TargetResolver targets;
    private final SessionPool pool;
    private final ScheduledExecutorService reaper;
    private volatile boolean closed;

    public SshTransport(SshTransportConfig config) {
        this(config, System::nanoTime, true);
    }

    /**
     * With a nanosecond clock for the pool's idle and lifetime limits, and the background reaper
     * optional, so tests can drive {@link #reapIdle()} themselves.
     */
    SshTransport(SshTransportConfig config, LongSupplier clock, boolean reapInBackground) {
        this.config = config;
        this.client = newClient(config);
        this.targets = new TargetResolver(config);
        SessionOpener opener = new SessionOpener(client, new HandshakeLimiter(config.handshakesPerEndpoint(),
                config.handshakesGlobal()), new Identities(config.passphraseProvider()), config.hostKeyPolicy(),
                config.handshakeRetries());
        this.pool = new SessionPool(config, opener::open, clock);
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "muster-ssh-reaper");
            t.setDaemon(true);
            return t;
        });
        if (reapInBackground) {
            long period = reapPeriod(config.idleTimeout()).toNanos();
            reaper.scheduleWithFixedDelay(this::reapQuietly, period, period, TimeUnit.NANOSECONDS);
        }
        client.start();
    }

    /** Often enough that a session outlives its idle timeout by at most a quarter of it (and 5 s). */
    static Duration reapPeriod(Duration idleTimeout) {
        Duration quarter = idleTimeout.dividedBy(4);
        Duration min = Duration.ofMillis(10);
        Duration max = Duration.ofSeconds(5);
        return quarter.compareTo(min) < 0 ? min : quarter.compareTo(max) > 0 ? max : quarter;
    }

    private static SshClient newClient(SshTransportConfig config) {
        SshClient client = ClientBuilder.builder().factory(DirectListenerClient::new).build();
        if (config.tcpQuickAck() && QuickAckIo.supported()) {
            client.setIoServiceFactoryFactory(new QuickAckIo());
        }
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        if (!config.keepaliveInterval().isZero()) {
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, config.keepaliveInterval());
        }
        client.setKeyExchangeFactories(preferFastKex(client.getKeyExchangeFactories()));
        client.setCipherFactories(preferred(client.getCipherFactories(), PREFERRED_CIPHERS));
        if (config.compression()) {
            // as ssh -C: offered, and used when the server agrees (OpenSSH's default); never required
            client.setCompressionFactories(List.of(org.apache.sshd.common.compression.BuiltinCompressions.delayedZlib,
                    org.apache.sshd.common.compression.BuiltinCompressions.zlib,
                    org.apache.sshd.common.compression.BuiltinCompressions.none));
        }
        client.setServerKeyVerifier(HostKeyCheck.VERIFIER);
        client.addSessionListener(HostKeyCheck.PREFER_KNOWN_KEY_TYPES);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        // keys only, and the first file key signed at once: one round trip where MINA takes three
        client.setUserAuthFactories(List.of(DirectAuth.PUBLIC_KEY));
        client.setServiceFactories(List.of(DirectAuth.SERVICE, ClientConnectionServiceFactory.INSTANCE));
        client.setGlobalRequestHandlers(List.of(DirectAuth.IGNORE_HOST_KEYS_NOTICE, KeepAliveHandler.INSTANCE));
        client.setAgentFactory(config.agentSocket() == null ? null : new AgentFactory(config.agentSocket()));
        return client;
    }

    static List<KeyExchangeFactory> preferFastKex(List<KeyExchangeFactory> available) {
        return preferred(available, PREFERRED_KEX);
    }

    /** {@code available} with the named ones first, in the order given; the rest keep their order. */
    static <T extends org.apache.sshd.common.NamedResource> List<T> preferred(List<T> available, List<String> first) {
        List<T> ordered = new ArrayList<>();
        for (String name : first) {
            available.stream().filter(f -> f.getName().equals(name)).forEach(ordered::add);
        }
        available.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
        return ordered;
    }

    /**
     * Does the slow one-time set-up (registering BouncyCastle, which ed25519 needs, ~0.1-0.5 s)
     * now, so a caller can overlap it with argument and inventory parsing before it builds a
     * transport. Safe to call from any thread, any number of times.
     */
    public static void warmUp() {
        org.apache.sshd.common.util.security.SecurityUtils.isBouncyCastleRegistered();
    }

    public SshTransportConfig config() {
        return config;
    }

    @Override
    public Connection connect(Host host) throws StepFailure, InterruptedException {
        if (closed) {
            throw new IllegalStateException("the SSH transport is closed");
        }
        Target target = targets.resolve(host);
        return new SshConnection(host, pool.lease(target), pool);
    }

    @Override
    public PoolStats stats() {
        return pool.stats();
    }

    /** A scheduled task that throws is never run again: keep the reaper alive whatever happens. */
    private void reapQuietly() {
        try {
            pool.reap();
        } catch (RuntimeException e) {
            LOG.warn("closing idle SSH sessions failed", e);
        }
    }

    /** Closes idle and expired sessions now; the reaper does this on its own schedule. */
    int reapIdle() {
        return pool.reap();
    }

    @Override
    public void close() {
        closed = true;
        reaper.shutdownNow();
        pool.closeAll();
        client.stop();
    }
}
