package dev.muster.core.relay;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import java.util.Locale;

/**
 * A connection to a leaf host that goes through a relay: each command runs on the relay as
 * {@code ssh ... LEAF 'COMMAND'} (see {@link LeafSsh}), so output, stdin and the exit code are the
 * leaf's own. ssh's own failures (exit 255 with ssh's message) become the leaf's failure kinds,
 * naming the relay. Steps that move files use {@link #relay()} to stage content on the relay once
 * and distribute it from there.
 */
public final class RelayedConnection implements Connection {
    private final Host leaf;
    private final Relay relay;
    private final Connection toRelay;
    private final String privateDir;
    private final LeafSsh ssh;
    private final Runnable onClose;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param onClose runs once, when this connection is closed (gives the leaf's turn on the relay back) */
    RelayedConnection(Host leaf, Relay relay, Connection toRelay, String privateDir, LeafSsh ssh, Runnable onClose) {
        this.onClose = onClose;
        this.leaf = leaf;
        this.relay = relay;
        this.toRelay = toRelay;
        this.privateDir = privateDir;
        this.ssh = ssh;
    }

    @Override
    public Host host() {
        return leaf;
    }

    public String relayName() {
        return relay.name();
    }

    public Host relayHost() {
        return relay.host();
    }

    /** The connection to the relay itself (commands run there, not on the leaf). */
    public Connection relay() {
        return toRelay;
    }

    /** The relay's private (0700) directory for this controller: known_hosts excerpt, staged trees. */
    public String privateDir() {
        return privateDir;
    }

    public LeafSsh ssh() {
        return ssh;
    }

    @Override
    public ExecResult exec(ExecRequest request) throws StepFailure, InterruptedException {
        ExecResult r = toRelay.exec(request.withCommand(ssh.command(leaf, request.command())));
        if (r.exitCode() != null && r.exitCode() == 255) {
            FailureKind kind = sshFailure(r.stderrText());
            if (kind != null) {
                throw new StepFailure(kind, leaf.name() + ": " + kind.description() + " (via relay " + relay.name()
                        + "): " + firstLine(r.stderrText()));
            }
        }
        return r;
    }

    /** What OpenSSH's client says when it could not run the command at all; null when it is not ssh's failure. */
    public static FailureKind sshFailure(String stderr) {
        String s = stderr.toLowerCase(Locale.ROOT);
        if (s.contains("remote host identification has changed")) {
            return FailureKind.HOST_KEY_MISMATCH;
        }
        if (s.contains("host key verification failed") || s.contains("host key is known for")) {
            return FailureKind.HOST_KEY_UNKNOWN;
        }
        if (s.contains("permission denied (")) {
            return FailureKind.AUTH_FAILED;
        }
        if (s.contains("connection refused")) {
            return FailureKind.CONNECT_REFUSED;
        }
        if (s.contains("connection timed out") || s.contains("operation timed out")) {
            return FailureKind.CONNECT_TIMEOUT;
        }
        if (s.contains("no route to host") || s.contains("network is unreachable")
                || s.contains("could not resolve hostname")) {
            return FailureKind.UNREACHABLE;
        }
        if (s.contains("kex_exchange_identification") || s.contains("connection closed by")
                || s.contains("connection reset by")) {
            return FailureKind.HANDSHAKE_FAILED;
        }
        return null;
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** File operations with the leaf's shell tools, through the relay (see {@link RelayedFiles}). */
    @Override
    public dev.muster.core.exec.FileTransfer files() {
        return new RelayedFiles(this);
    }

    @Override
    public void invalidate() {
        toRelay.invalidate();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                toRelay.close();
            } finally {
                onClose.run();
            }
        }
    }
}
