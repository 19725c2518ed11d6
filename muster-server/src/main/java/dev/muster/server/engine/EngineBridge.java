package dev.muster.server.engine;

import dev.muster.server.metrics.ServerMetrics;
import dev.muster.server.store.RunQueue;
import dev.muster.server.store.RunStatus;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Executes queued runs: a claim loop takes runs from the store's queue (each run by exactly one
 * server, for a lease) and executes each on a virtual thread, at most {@code maxRuns} at once. Runs
 * end in the store as finished or cancelled and are announced on {@link RunEvents}.
 *
 * <p>A heartbeat renews the leases of the runs executing here every third of the lease; a run whose
 * lease this server lost (it was reaped meanwhile, e.g. after the database was unreachable for
 * longer than the lease) is stopped here. The same loop reaps the runs of servers that stopped
 * renewing theirs: they end interrupted, and a plan that says {@code resume: auto} is queued again
 * to continue where it stopped, on whichever server claims it.
 */
public final class EngineBridge implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EngineBridge.class.getName());

    private final Store store;
    private final RunTargets targets;
    private final EngineSettings settings;
    private final RunEvents events;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final InspectionSettings inspections;
    private final Semaphore slots;
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, RunJob> active = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread loop;

    public EngineBridge(Store store, RunTargets targets, EngineSettings settings, RunEvents events,
                        ServerMetrics metrics, Clock clock, InspectionSettings inspections) {
        this.store = store;
        this.targets = targets;
        this.settings = settings;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.inspections = inspections;
        this.slots = new Semaphore(settings.maxRuns());
    }

    /** Reaps the claims a previous process of this server left, then starts claiming and heartbeating. */
    public synchronized void start() {
        reaped(store.queue().abandonClaims(settings.serverId()));
        loop = Thread.ofVirtual().name("muster-claims").start(this::claimLoop);
        cancels = Thread.ofVirtual().name("muster-cancel-requests").start(this::cancelLoop);
        heartbeat = Thread.ofVirtual().name("muster-leases").start(this::leaseLoop);
    }

    /**
     * Every third of the lease: renews the leases of the runs executing here (stopping those lost),
     * and reaps the runs whose leases ran out elsewhere.
     */
    private void leaseLoop() {
        long every = Math.max(100, settings.lease().toMillis() / 3);
        while (!closed) {
            try {
                Thread.sleep(every);
                renew();
                reaped(store.queue().reapExpired());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the store is unreachable: try again next beat (a lease lasts three of them)
                LOG.log(System.Logger.Level.WARNING, "cannot renew leases or reap: " + e.getMessage());
            }
        }
    }

    private void renew() {
        Set<String> mine = Set.copyOf(active.keySet());
        Set<String> held = store.queue().renew(settings.serverId(), mine, settings.lease());
        for (String id : mine) {
            RunJob job = active.get(id);
            if (!held.contains(id) && job != null && active.containsKey(id) && store.runs().get(id).map(r ->
                    r.status() == RunStatus.INTERRUPTED || r.status() == RunStatus.QUEUED
                            || (r.status() == RunStatus.RUNNING && !settings.serverId().equals(r.claimedBy())))
                    .orElse(true)) {
                LOG.log(System.Logger.Level.WARNING, "run " + id + " was taken from this server (its lease ran out): "
                        + "stopping it here");
                job.cancel();
            }
        }
    }

    /** Audits runs taken from a server that stopped, and queues plans that resume by themselves again. */
    private void reaped(List<RunQueue.Reaped> runs) {
        for (RunQueue.Reaped r : runs) {
            Set<String> envs = store.runs().get(r.id()).map(targets::environmentsOf).orElse(Set.of());
            store.audit().append("engine", "run.interrupt", "run " + r.id(), r.status().key(), r.server()
                    + " stopped renewing its lease; in flight: " + (r.inFlight().isEmpty() ? "none"
                    : String.join(", ", r.inFlight())), envs);
            events.publish(r.id(), new RunEvents.Event("run-finished", Map.of("status", r.status().key(),
                    "exitCode", r.status() == RunStatus.CANCELLED ? 130 : 3)));
            if (r.status() == RunStatus.INTERRUPTED && r.kind().equals("apply") && resumesByItself(r.id())
                    && store.queue().requeue(r.id())) {
                store.audit().append("engine", "run.resume", "run " + r.id(), "ok", "the plan says resume: auto", envs);
                wake();
            }
        }
    }

    private boolean resumesByItself(String runId) {
        try {
            Object plan = store.runs().get(runId).map(r -> r.record().spec().get("plan")).orElse(null);
            return plan != null && dev.muster.core.plan.PlanReader.read(targets.plan(plan.toString()),
                    targets.inventory()).resumeAuto();
        } catch (RuntimeException e) {
            return false; // the plan is gone or broken: a person decides
        }
    }

    /**
     * Cancels the runs of this server that another server was asked to cancel (several servers on
     * one store), checking every second (or poll interval, when shorter) while any run is active.
     */
    private void cancelLoop() {
        while (!closed) {
            try {
                Thread.sleep(Math.min(settings.poll().toMillis(), 1000));
                if (!active.isEmpty()) {
                    store.queue().cancelRequests(settings.serverId()).forEach(this::cancel);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the store is briefly unreachable: ask again next time
            }
        }
    }

    /** Tells run {@code runId}, when it runs here and waits for a window, to look again (an override was approved). */
    public void nudge(String runId) {
        if (active.get(runId) instanceof PlanJob job) {
            job.waits.nudge();
        }
    }

    /** Whether {@code runId} is running on this server. */
    public boolean runsHere(String runId) {
        return active.containsKey(runId);
    }

    /** Checks the queue now (a run was just queued). */
    public void wake() {
        wake.release();
    }

    /**
     * Cancels a run: a queued one ends cancelled at once, a running one here is stopped.
     *
     * @return false when the run is neither queued nor running on this server
     */
    public boolean cancel(String runId) {
        if (store.queue().cancelQueued(runId)) {
            events.publish(runId, new RunEvents.Event("run-finished", Map.of("status", "cancelled")));
            return true;
        }
        RunJob job = active.get(runId);
        if (job == null) {
            return false;
        }
        job.cancel();
        return true;
    }

    private Thread cancels;
    private Thread heartbeat;

    /** True while the claim loop found the queue empty and waits for a wake-up or the next poll. */
    private volatile boolean idle;

    /** Whether the claim loop is waiting with nothing to claim (tests queue runs behind it). */
    public boolean idle() {
        return idle;
    }

    private void claimLoop() {
        while (!closed) {
            try {
                slots.acquire();
                Optional<StoredRun> run = closed ? Optional.empty() : claimNext();
                if (run.isEmpty()) {
                    slots.release();
                    idle = true;
                    wake.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
                    idle = false;
                    wake.drainPermits();
                    continue;
                }
                RunJob job = RunJob.of(run.get(), store, targets, settings, events, metrics,
                        inspections);
                active.put(run.get().id(), job);
                Thread.ofVirtual().name("muster-run-" + run.get().id()).start(() -> execute(job));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Optional<StoredRun> claimNext() {
        try {
            return store.queue().claimNext(settings.serverId(), settings.lease());
        } catch (RuntimeException e) {
            if (dev.muster.server.store.Database.unavailable(e)) {
                LOG.log(System.Logger.Level.WARNING, "cannot claim queued runs: " + e.getMessage());
            } else {
                LOG.log(System.Logger.Level.WARNING, "cannot claim queued runs: " + e.getMessage(), e);
            }
            return Optional.empty();
        }
    }

    /**
     * Continues the ended plan run {@code runId} in this process ({@code muster apply --resume}
     * against a server's store): queues it again and claims it for this controller in one
     * transaction, executes it in the calling thread from its journal with its lease renewed and
     * cancel requests from other controllers heard, and returns its exit code. Runs whose leases
     * ran out are reaped first (their controller died and none is up). Empty when it is not an
     * ended plan run. Claims nothing else.
     */
    public java.util.OptionalInt resumeHere(String runId, String actor) {
        reaped(store.queue().reapExpired()); // a run whose controller died, with no other controller up
        if (!store.queue().resumeFor(runId, settings.serverId(), settings.lease())) {
            return java.util.OptionalInt.empty();
        }
        StoredRun run = store.runs().get(runId).orElseThrow();
        store.audit().append(actor, "run.resume", "run " + runId, "ok", "continued by " + settings.serverId(),
                targets.environmentsOf(run));
        RunJob job = RunJob.of(run, store, targets, settings, events, metrics, inspections);
        active.put(runId, job);
        synchronized (this) {
            cancels = Thread.ofVirtual().name("muster-cancel-requests").start(this::cancelLoop);
            heartbeat = Thread.ofVirtual().name("muster-leases").start(this::leaseLoop);
        }
        slots.acquireUninterruptibly();
        return java.util.OptionalInt.of(execute(job));
    }

    private int execute(RunJob job) {
        Instant started = clock.instant();
        String id = job.runId();
        RunStatus status = RunStatus.FINISHED;
        int exit = 3;
        // several servers on one PostgreSQL: the others stream this run's output from the store
        SharedOutput shared = store.database().dialect() == dev.muster.server.store.Dialect.POSTGRESQL
                ? sharedOutput(job) : null;
        job.shared = shared;
        try {
            exit = job.execute();
            status = job.cancelled() ? RunStatus.CANCELLED : RunStatus.FINISHED;
        } catch (RuntimeException e) {
            exit = e instanceof dev.muster.core.InputException ? 2 : 3;
            LOG.log(System.Logger.Level.WARNING, "run " + id + " broke: " + job.redactor().redact(e.getMessage()),
                    redacted(e, job.redactor()));
            job.failed(e);
        } finally {
            if (shared != null) {
                shared.close();
            }
            active.remove(id);
            slots.release();
            metrics.runFinished(job.kind(), status, exit, Duration.between(started, clock.instant()));
            events.publish(id, new RunEvents.Event("run-finished", Map.of("status", status.key(), "exitCode", exit)));
        }
        return exit;
    }

    /** The run's shared output, or null when the store cannot take it now (the run goes on without). */
    private SharedOutput sharedOutput(RunJob job) {
        try {
            return new SharedOutput(store.liveOutputs(), job.runId(), job.redactor());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot share the output of run " + job.runId() + ": " + e.getMessage());
            return null;
        }
    }

    /** The exception as logged: its messages (and its causes') redacted, its stack kept. */
    private static Throwable redacted(Throwable e, dev.muster.core.Redactor redactor) {
        if (e == null) {
            return null;
        }
        Throwable copy = new RuntimeException(e.getClass().getName() + ": " + redactor.redact(e.getMessage()),
                redacted(e.getCause() == e ? null : e.getCause(), redactor));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** Runs executing on this server now. */
    public int activeRuns() {
        return active.size();
    }

    /** Stops claiming and cancels what runs here; their runs end cancelled. */
    @Override
    public void close() {
        closed = true;
        if (loop != null) {
            loop.interrupt();
        }
        if (cancels != null) {
            cancels.interrupt();
        }
        if (heartbeat != null) {
            heartbeat.interrupt();
        }
        active.values().forEach(RunJob::cancel);
        for (int i = 0; i < 100 && !active.isEmpty(); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
