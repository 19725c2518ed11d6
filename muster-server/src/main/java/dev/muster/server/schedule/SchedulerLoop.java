package dev.muster.server.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Scheduler} on one background thread: a tick at start, then one at each next fire
 * time and at least every {@code maxIdle}. A tick that fails (the database is down) is logged and
 * tried again after a second, then after twice as long each time up to {@code maxIdle}; nothing
 * is lost, since due instants stay due until recorded (and are recorded once).
 */
public final class SchedulerLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SchedulerLoop.class.getName());

    private final Scheduler scheduler;
    private final Duration maxIdle;
    private final ScheduledExecutorService executor;
    private volatile boolean closed;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private Duration retry = FIRST_RETRY;

    private SchedulerLoop(Scheduler scheduler, Duration maxIdle) {
        this.scheduler = scheduler;
        this.maxIdle = maxIdle;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "muster-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts ticking now. */
    public static SchedulerLoop start(Scheduler scheduler, Duration maxIdle) {
        if (maxIdle.isNegative() || maxIdle.isZero()) {
            throw new IllegalArgumentException("maxIdle must be positive: " + maxIdle);
        }
        SchedulerLoop loop = new SchedulerLoop(scheduler, maxIdle);
        loop.executor.execute(loop::tick);
        return loop;
    }

    private void tick() {
        Duration next;
        try {
            scheduler.tick();
            next = scheduler.nextTickIn(maxIdle);
            retry = FIRST_RETRY;
        } catch (RuntimeException e) {
            next = retry.compareTo(maxIdle) < 0 ? retry : maxIdle;
            retry = retry.multipliedBy(2);
            if (dev.muster.server.store.Database.unavailable(e)) {
                LOG.log(System.Logger.Level.WARNING, "scheduler tick failed; trying again in " + next + ": "
                        + e.getMessage());
            } else {
                LOG.log(System.Logger.Level.WARNING, "scheduler tick failed; trying again in " + next + ": " + e, e);
            }
        }
        if (!closed) {
            executor.schedule(this::tick, Math.max(1, next.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops ticking; a tick in progress finishes first. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
