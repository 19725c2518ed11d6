package dev.muster.core.relay;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.PoolStats;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Reaches leaf hosts through relays (see {@link RelayRoutes}); hosts without a relay, and relays
 * themselves, through the base transport. On first use of a relay it creates the relay's private
 * directory ({@code ~/.muster-relay}, 0700) and writes there the lines of the controller's
 * known_hosts that name that relay's leaves (0600), removed again on {@link #close()}.
 *
 * <p>A relay that cannot be reached or prepared makes each of its leaves unreachable
 * ({@code unreachable (via relay X)}), or, with {@link Fallback#DIRECT}, reached directly.
 */
public final class RelayTransport implements Transport {
    public enum Fallback { NONE, DIRECT }

    /**
     * Leaves one relay serves at once: each holds a channel of the controller's one session to the
     * relay for as long as its copy or command runs there, and that session carries 8 channels
     * (the SSH pool's default, below sshd's MaxSessions of 10). The other leaves queue for their
     * turn here, in order, as queued work rather than against the pool's acquire timeout: a relay
     * with 50 leaves of a 30 MiB push is busy for minutes, and that is not a failure.
     */
    public static final int LEAVES_AT_ONCE = 8;

    /** Where a relay keeps what this controller ships to it: {@code $HOME/.muster-relay}. */
    static final String DIR = ".muster-relay";

    private final Transport base;
    private final RelayRoutes routes;
    private final Fallback fallback;
    private final Function<List<Host>, List<String>> knownHostsFor;
    private final Duration connectTimeout;
    private final Map<String, List<Host>> leaves;
    private final String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final Map<String, String> prepared = new ConcurrentHashMap<>();
    private final Map<String, Relay> preparedRelays = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> turns = new ConcurrentHashMap<>();

    /**
     * @param leaves        the selected hosts (to pick each relay's known_hosts lines)
     * @param knownHostsFor the controller's known_hosts lines that name the given hosts
     */
    public RelayTransport(Transport base, RelayRoutes routes, Fallback fallback, List<Host> leaves,
                          Function<List<Host>, List<String>> knownHostsFor, Duration connectTimeout) {
        this.base = base;
        this.routes = routes;
        this.fallback = fallback;
        this.knownHostsFor = knownHostsFor;
        this.connectTimeout = connectTimeout;
        Map<String, List<Host>> by = new ConcurrentHashMap<>();
        for (Host h : leaves) {
            routes.relayOf(h.name()).ifPresent(r -> by.computeIfAbsent(r.name(), k -> new java.util.ArrayList<>()).add(h));
        }
        this.leaves = by;
    }

    @Override
    public Connection connect(Host host) throws StepFailure, InterruptedException {
        Relay relay = routes.relayOf(host.name()).orElse(null);
        if (relay == null) {
            return base.connect(host);
        }
        Semaphore turn = turns.computeIfAbsent(relay.name(), k -> new Semaphore(LEAVES_AT_ONCE, true));
        turn.acquire();
        Connection toRelay = null;
        try {
            toRelay = base.connect(relay.host());
            String dir = prepare(relay, toRelay);
            LeafSsh ssh = new LeafSsh(dir + "/known_hosts-" + id, relay.identityFile(), connectTimeout);
            return new RelayedConnection(host, relay, toRelay, dir, ssh, turn::release);
        } catch (StepFailure | InterruptedException | RuntimeException e) {
            turn.release();
            if (toRelay != null) {
                toRelay.close();
            }
            if (!(e instanceof StepFailure f)) {
                throw e;
            }
            if (fallback == Fallback.DIRECT) {
                return base.connect(host);
            }
            FailureKind kind = f.kind().unreachable() ? f.kind() : FailureKind.UNREACHABLE;
            throw new StepFailure(kind, "unreachable (via relay " + relay.name() + "): " + f.getMessage(), f);
        }
    }

    /** Creates the relay's private directory and ships the known_hosts excerpt, once per relay. */
    private String prepare(Relay relay, Connection c) throws StepFailure, InterruptedException {
        String done = prepared.get(relay.name());
        if (done != null) {
            return done;
        }
        ReentrantLock lock = locks.computeIfAbsent(relay.name(), k -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            done = prepared.get(relay.name());
            if (done != null) {
                return done;
            }
            StringBuilder lines = new StringBuilder();
            knownHostsFor.apply(leaves.getOrDefault(relay.name(), List.of())).forEach(l -> lines.append(l).append('\n'));
            String cmd = "umask 077 && mkdir -p \"$HOME\"/" + DIR + " && chmod 700 \"$HOME\"/" + DIR
                    + " && cat > \"$HOME\"/" + DIR + "/known_hosts-" + id + " && printf '%s\\n' \"$HOME\"/" + DIR;
            ExecResult r = c.exec(new ExecRequest(cmd, lines.toString().getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(60), null, 0));
            String dir = r.stdoutText().strip();
            if (!r.succeeded() || !dir.startsWith("/")) {
                throw new StepFailure(FailureKind.UNREACHABLE, "relay " + relay.name() + " cannot be prepared: "
                        + RelayedConnection.firstLine(r.stderrText()));
            }
            preparedRelays.put(relay.name(), relay);
            prepared.put(relay.name(), dir);
            return dir;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PoolStats stats() {
        return base.stats();
    }

    /** Removes the known_hosts excerpts shipped to relays (best effort), then closes the base transport. */
    @Override
    public void close() {
        try {
            for (Map.Entry<String, String> e : prepared.entrySet()) {
                try (Connection c = base.connect(preparedRelays.get(e.getKey()).host())) {
                    c.exec(new ExecRequest("rm -f -- " + dev.muster.core.step.Shell.quote(e.getValue()
                            + "/known_hosts-" + id), null, Duration.ofSeconds(10), null, 0));
                } catch (StepFailure ignored) {
                    // a relay gone since: the excerpt holds public keys only
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            base.close();
        }
    }
}
