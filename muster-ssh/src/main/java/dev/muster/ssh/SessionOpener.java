package dev.muster.ssh;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * Opens one authenticated session to a {@link Target}. Behind jump hosts it forwards through a
 * pooled session to the last jump host (shared by every host behind it, like a ControlMaster),
 * and checks the target's key under the target's own name. Handshakes hold a
 * {@link HandshakeLimiter} permit; drops before authentication are retried with jittered backoff.
 */
final class SessionOpener {
    private final SshClient client;
    private final HandshakeLimiter limiter;
    private final Identities identities;
    private final HostKeyPolicy policy;
    private final int retries;

    SessionOpener(SshClient client, HandshakeLimiter limiter, Identities identities, HostKeyPolicy policy,
                  int retries) {
        this.client = client;
        this.limiter = limiter;
        this.identities = identities;
        this.policy = policy;
        this.retries = retries;
    }

    ClientSession open(Target target, SessionPool pool) throws StepFailure, InterruptedException {
        // The jump session is leased before our handshake permit: opening it takes a permit of
        // the same endpoint, and holding one while waiting for another could deadlock.
        PooledSession tunnel = target.jumps().isEmpty() ? null : pool.leaseTunnel(target.viaRoute());
        boolean opened = false;
        try {
            ClientSession session = openWithRetries(target, tunnel);
            if (tunnel != null) {
                session.addCloseFutureListener(f -> pool.releaseTunnel(tunnel));
            }
            opened = true;
            return session;
        } finally {
            if (!opened && tunnel != null) {
                pool.releaseTunnel(tunnel);
            }
        }
    }

    private ClientSession openWithRetries(Target target, PooledSession tunnel)
            throws StepFailure, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try (HandshakeLimiter.Permit ignored = limiter.acquire(target.endpoint())) {
                return tunnel == null ? handshake(target.host(), target.host().address(), target.host().port(), true)
                        : handshakeVia(tunnel.session, target.host());
            } catch (StepFailure f) {
                if (f.kind() != FailureKind.HANDSHAKE_FAILED || attempt >= retries) {
                    throw f;
                }
            }
            Thread.sleep(backoffMillis(attempt));
        }
    }

    /** 50-150 ms, doubling per attempt: short, and spread so dropped peers do not return in step. */
    static long backoffMillis(int attempt) {
        long base = 50L << Math.min(attempt, 5);
        return base + ThreadLocalRandom.current().nextLong(base * 2);
    }

    private ClientSession handshakeVia(ClientSession jump, Hop hop) throws StepFailure, InterruptedException {
        SshdSocketAddress local;
        try {
            local = jump.startLocalPortForwarding(new SshdSocketAddress(SshdSocketAddress.LOCALHOST_IPV4, 0),
                    new SshdSocketAddress(hop.address(), hop.port()));
        } catch (IOException | RuntimeException e) {
            throw new StepFailure(jump.isOpen() ? FailureKind.UNREACHABLE : FailureKind.CONNECTION_LOST,
                    hop.label() + ": cannot forward to " + hop.endpoint() + " through the jump host: "
                            + Failures.describe(e), e);
        }
        boolean ok = false;
        try {
            ClientSession session = handshake(hop, local.getHostName(), local.getPort(), false);
            session.addCloseFutureListener(f -> stopForwarding(jump, local));
            ok = true;
            return session;
        } finally {
            if (!ok) {
                stopForwarding(jump, local);
            }
        }
    }

    private static void stopForwarding(ClientSession jump, SshdSocketAddress local) {
        try {
            jump.stopLocalPortForwarding(local);
        } catch (IOException | RuntimeException alreadyGone) {
            // The jump session closed, and its forwards with it.
        }
    }

    private ClientSession handshake(Hop hop, String address, int port, boolean direct)
            throws StepFailure, InterruptedException {
        long deadline = Futures.deadline(hop.connectTimeout());
        Identities.Loaded keys = identities.load(hop.identityFiles());
        HostKeyCheck check = new HostKeyCheck(hop, policy, direct);
        ConnectFuture connect;
        try {
            connect = client.connect(hop.user(), address, port, check.asContext(), null);
        } catch (IOException | RuntimeException e) {
            throw Failures.connect(e, hop);
        }
        ConnectFuture connected = awaitOrCancel(connect, deadline, hop);
        if (!connected.isConnected()) {
            throw Failures.connect(connected.getException(), hop);
        }
        ClientSession session = connected.getClientSession();
        boolean ok = false;
        try {
            session.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(keys.keys()));
            AuthFuture auth = Futures.await(session.auth(), deadline);
            if (auth == null) {
                throw check.rejection() != null ? check.rejection() : Failures.connectTimeout(hop, true);
            }
            if (!auth.isSuccess()) {
                throw Failures.handshake(auth.getException(), hop, check, keys.problems());
            }
            ok = true;
            return session;
        } catch (IOException e) {
            throw Failures.handshake(e, hop, check, keys.problems());
        } finally {
            if (!ok) {
                session.close(true);
            }
        }
    }

    private static ConnectFuture awaitOrCancel(ConnectFuture connect, long deadline, Hop hop)
            throws StepFailure, InterruptedException {
        ConnectFuture done;
        try {
            done = Futures.await(connect, deadline);
        } catch (InterruptedException e) {
            closeWhenConnected(connect);
            throw e;
        }
        if (done == null) {
            closeWhenConnected(connect);
            throw Failures.connectTimeout(hop, false);
        }
        return done;
    }

    /** A connect that completes after we gave up must not leak its session. */
    private static void closeWhenConnected(ConnectFuture connect) {
        connect.cancel();
        connect.addListener(f -> {
            if (f.isConnected()) {
                f.getClientSession().close(true);
            }
        });
    }
}
