package dev.muster.ssh;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.PoolStats;
import dev.muster.core.exec.StepFailure;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.sshd.client.session.ClientSession;

/**
 * One session per route, many channel leases over it. A session is opened once even when many
 * callers ask for the same host at the same moment: they wait for the one handshake and share
 * its result (or its failure).
 */
final class SessionPool {

    interface Opener {
        /** Opens an authenticated session; jump hosts on the way are leased from {@code pool}. */
        ClientSession open(Target target, SessionPool pool) throws StepFailure, InterruptedException;
    }

    /** The pool's place for one route: the current session, or the handshake in progress. */
    /** How often a caller waiting for a session permit looks again for an idle session to close. */
    static final Duration RECLAIM_EVERY = Duration.ofMillis(50);

    private static final class Slot {
        PooledSession current;
        CompletableFuture<PooledSession> opening;
    }

    /** Tells waiters that the opener was interrupted: someone else should try. */
    private static final class OpenerGone extends RuntimeException {
        OpenerGone() {
            super(null, null, false, false);
        }
    }

    private final SshTransportConfig config;
    private final Opener opener;
    private final LongSupplier clock;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Set<PooledSession> open = ConcurrentHashMap.newKeySet();
    private final Semaphore sessionPermits;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Idle sessions closed to free a permit whose close has not completed yet. */
    private final AtomicInteger reclaiming = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    SessionPool(SshTransportConfig config, Opener opener, LongSupplier clock) {
        this.config = config;
        this.opener = opener;
        this.clock = clock;
        this.sessionPermits = new Semaphore(config.maxSessions(), true);
    }

    /** A session with a channel permit held for the caller; release it with {@link #release}. */
    PooledSession lease(Target target) throws StepFailure, InterruptedException {
        long deadline = clock.getAsLong() + config.acquireTimeout().toNanos();
        while (true) {
            PooledSession ps = leaseSession(target, deadline);
            if (!waitFor(ps.channels, deadline, target)) {
                releaseTunnel(ps);
                throw new StepFailure(FailureKind.POOL_EXHAUSTED, target.host().label() + ": all "
                        + config.maxChannelsPerSession() + " channels of its session stayed busy for "
                        + config.acquireTimeout().toMillis() + " ms");
            }
            if (ps.alive()) {
                return ps;
            }
            release(ps);
        }
    }

    /**
     * A jump host session to forward a connection through: a lease that keeps it open and
     * un-reaped, without a channel slot (forwards are not sshd MaxSessions sessions). Give it
     * back with {@link #releaseTunnel}.
     */
    PooledSession leaseTunnel(Target jumpRoute) throws StepFailure, InterruptedException {
        return leaseSession(jumpRoute, clock.getAsLong() + config.acquireTimeout().toNanos());
    }

    private PooledSession leaseSession(Target target, long deadline) throws StepFailure, InterruptedException {
        Slot slot = slots.computeIfAbsent(target.poolKey(), k -> new Slot());
        while (true) {
            PooledSession ps = sessionFor(slot, target, deadline);
            if (ps.tryLease(clock.getAsLong(), config.maxLifetime().toNanos())) {
                return ps;
            }
            closeIfUnused(ps);
        }
    }

    void release(PooledSession ps) {
        ps.channels.release();
        releaseTunnel(ps);
    }

    void releaseTunnel(PooledSession ps) {
        if (ps.release(clock.getAsLong())) {
            ps.close();
        }
    }

    /** Marks the session broken: no new leases, closed when the last one returns. */
    void evict(PooledSession ps) {
        closeIfUnused(ps);
    }

    private void closeIfUnused(PooledSession ps) {
        if (ps.retire()) {
            ps.close();
        }
    }

    private PooledSession sessionFor(Slot slot, Target target, long deadline)
            throws StepFailure, InterruptedException {
        while (true) {
            CompletableFuture<PooledSession> pending;
            boolean mine = false;
            synchronized (slot) {
                if (slot.current != null && slot.current.usable()) {
                    return slot.current;
                }
                if (slot.opening == null) {
                    slot.opening = new CompletableFuture<>();
                    mine = true;
                }
                pending = slot.opening;
            }
            if (mine) {
                return openInto(slot, pending, target, deadline);
            }
            try {
                return pending.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StepFailure f) {
                    throw new StepFailure(f.kind(), f.getMessage(), f);
                }
                if (!(e.getCause() instanceof OpenerGone)) {
                    throw new StepFailure(FailureKind.INTERNAL, target.host().label() + ": " + e.getCause(), e);
                }
            }
        }
    }

    private PooledSession openInto(Slot slot, CompletableFuture<PooledSession> pending, Target target,
                                   long deadline) throws StepFailure, InterruptedException {
        PooledSession ps = null;
        try {
            ps = openSession(target, deadline);
            return ps;
        } catch (StepFailure e) {
            failed.incrementAndGet();
            pending.completeExceptionally(e);
            throw e;
        } catch (InterruptedException | RuntimeException e) {
            pending.completeExceptionally(new OpenerGone());
            throw e;
        } finally {
            synchronized (slot) {
                slot.opening = null;
                if (ps != null) {
                    slot.current = ps;
                }
            }
            if (ps != null) {
                pending.complete(ps);
            }
        }
    }

    /** Opens a session under a pool permit, which its close gives back exactly once. */
    private PooledSession openSession(Target target, long deadline) throws StepFailure, InterruptedException {
        reserveSessionPermit(target, deadline);
        ClientSession session;
        // read before the handshake: an edit made during it retires the session at its first lease
        KnownHosts trust = target.host().knownHosts();
        long trustGeneration = trust.generation();
        try {
            session = opener.open(target, this);
        } catch (StepFailure | InterruptedException | RuntimeException e) {
            sessionPermits.release();
            throw e;
        }
        PooledSession ps = new PooledSession(session, config.maxChannelsPerSession(), clock.getAsLong(), trust,
                trustGeneration);
        open.add(ps);
        AtomicBoolean freed = new AtomicBoolean();
        session.addCloseFutureListener(f -> {
            if (freed.compareAndSet(false, true)) {
                if (ps.reclaimed()) {
                    reclaiming.decrementAndGet();
                }
                open.remove(ps);
                forget(target, ps);
                sessionPermits.release();
            }
        });
        created.incrementAndGet();
        return ps;
    }

    /**
     * Drops a closed session from its host's slot: a slot outlives its sessions (one per host ever
     * reached), and a closed MINA session still holds its buffers and key-exchange state, which
     * at 10,000 hosts through a small pool would otherwise stay on the heap until the command ends.
     */
    private void forget(Target target, PooledSession ps) {
        Slot slot = slots.get(target.poolKey());
        if (slot != null) {
            synchronized (slot) {
                if (slot.current == ps) {
                    slot.current = null;
                }
            }
        }
    }

    /**
     * Takes a session permit, freeing one when the pool is full: while it waits, the caller
     * closes the idle session unused the longest, and looks again every {@link #RECLAIM_EVERY}
     * (sessions turn idle while it waits, as their hosts finish, and only a close gives a permit
     * back). Each waiter claims a different session, and no more are being closed than callers wait.
     */
    private void reserveSessionPermit(Target target, long deadline) throws StepFailure, InterruptedException {
        if (sessionPermits.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > config.maxWaiting()) {
            waiting.decrementAndGet();
            throw new StepFailure(FailureKind.POOL_EXHAUSTED, target.host().label() + ": more than "
                    + config.maxWaiting() + " callers already waiting for a connection");
        }
        try {
            while (true) {
                if (reclaiming.get() < waiting.get()) {
                    closeLeastRecentlyUsedIdle();
                }
                long left = deadline - clock.getAsLong();
                if (left <= 0) {
                    throw new StepFailure(FailureKind.POOL_EXHAUSTED, target.host().label() + ": all "
                            + config.maxSessions() + " pooled sessions stayed busy for "
                            + config.acquireTimeout().toMillis() + " ms");
                }
                if (sessionPermits.tryAcquire(Math.min(left, RECLAIM_EVERY.toNanos()), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /**
     * Frees a session slot for a new host by closing the idle session unused the longest. It looks
     * at the open sessions (at most maxSessions), not at every host ever seen: at 10,000 hosts
     * through a pool of a few hundred, that scan runs once per new host. Callers racing here each
     * claim a different session ({@link PooledSession#reclaim}).
     */
    private void closeLeastRecentlyUsedIdle() {
        for (int tries = 0; tries < 8; tries++) {
            var victim = open.stream()
                    .filter(ps -> ps.usable() && !ps.inUse())
                    .min(Comparator.comparingLong(PooledSession::lastReleasedNanos));
            if (victim.isEmpty()) {
                return;
            }
            if (victim.get().reclaim()) {
                reclaiming.incrementAndGet();
                victim.get().close();
                return;
            }
        }
    }

    private boolean waitFor(Semaphore semaphore, long deadline, Target target)
            throws StepFailure, InterruptedException {
        if (semaphore.tryAcquire()) {
            return true;
        }
        if (waiting.incrementAndGet() > config.maxWaiting()) {
            waiting.decrementAndGet();
            throw new StepFailure(FailureKind.POOL_EXHAUSTED, target.host().label() + ": more than "
                    + config.maxWaiting() + " callers already waiting for a connection");
        }
        try {
            return semaphore.tryAcquire(Math.max(0, deadline - clock.getAsLong()), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Closes sessions unused for the idle timeout or past their lifetime; returns how many. */
    int reap() {
        long now = clock.getAsLong();
        int closed = 0;
        for (Slot slot : slots.values()) {
            PooledSession stale = null;
            synchronized (slot) {
                PooledSession ps = slot.current;
                if (ps != null && ps.retireIfStale(now, config.idleTimeout().toNanos(), config.maxLifetime().toNanos())) {
                    slot.current = null;
                    stale = ps;
                }
            }
            if (stale != null) {
                stale.close();
                closed++;
            }
        }
        return closed;
    }

    /** Counts every open session, including retired ones still serving their last leases. */
    PoolStats stats() {
        int active = 0;
        int idle = 0;
        for (PooledSession ps : open) {
            if (!ps.alive()) {
                continue;
            }
            if (ps.inUse()) {
                active++;
            } else {
                idle++;
            }
        }
        return new PoolStats(active, idle, waiting.get(), created.get(), failed.get());
    }

    void closeAll() {
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                slot.current = null;
            }
        }
        for (PooledSession ps : open) {
            ps.retire();
            ps.close();
        }
    }
}
