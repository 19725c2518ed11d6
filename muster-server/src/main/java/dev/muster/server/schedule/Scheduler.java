package dev.muster.server.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which schedules are due and records their firings; it never sleeps and never reads the
 * system clock itself, so tests drive it with a controllable {@link Clock} and {@link #tick()}.
 * A server calls {@code tick()} when {@link #nextFire()} comes (and now and then, to notice
 * edited schedules).
 *
 * <p>On each tick a schedule is due when its latest fire time at or before now is after the
 * instant it was handled until. A fire time at most {@code grace} old is on time and fires
 * (earlier missed instants are folded into it). An older one is a misfire: {@code run_once}
 * fires it now, {@code skip} records it as missed. Either way only the latest instant is
 * recorded, so a long downtime costs one row, not one per missed instant.
 *
 * <p>The firing is committed before the listener hears of it, and the store records each
 * (schedule, instant) once: a restart, or several servers on one PostgreSQL, cannot fire one
 * instant twice.
 */
public final class Scheduler {
    /** How late a fire time may be and still count as on time. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());

    private final ScheduleLedger ledger;
    private final FiringListener listener;
    private final Clock clock;
    private final String serverId;
    private final Duration grace;

    public Scheduler(ScheduleLedger ledger, FiringListener listener, Clock clock, String serverId, Duration grace) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.serverId = Objects.requireNonNull(serverId, "serverId");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    public Scheduler(ScheduleLedger ledger, FiringListener listener, Clock clock, String serverId) {
        this(ledger, listener, clock, serverId, DEFAULT_GRACE);
    }

    /** Fires what is due now; returns the firings this server recorded, in schedule order. */
    public List<Firing> tick() {
        Instant now = clock.instant();
        List<Firing> fired = new ArrayList<>();
        for (ScheduleLedger.Entry e : ledger.enabledSchedules()) {
            Schedule s = e.schedule();
            Optional<Instant> due = s.cron().latestAtOrBefore(now).filter(t -> t.isAfter(e.handledUntil()));
            if (due.isEmpty()) {
                continue;
            }
            boolean late = Duration.between(due.get(), now).compareTo(grace) > 0;
            boolean missed = late && s.misfire() == MisfirePolicy.SKIP;
            ledger.record(s, due.get(), now, serverId, missed).ifPresent(f -> {
                fired.add(f);
                tell(f);
            });
        }
        return fired;
    }

    /** The earliest upcoming fire time of any enabled schedule, for the caller's wait. */
    public Optional<Instant> nextFire() {
        Instant now = clock.instant();
        return ledger.enabledSchedules().stream()
                .map(e -> e.schedule().cron().next(now))
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }

    /**
     * How long to wait before the next {@link #tick()}: until the next fire time, but at most
     * {@code maxIdle} (so edited schedules are noticed) and never negative.
     */
    public Duration nextTickIn(Duration maxIdle) {
        Instant now = clock.instant();
        Duration wait = nextFire().map(t -> Duration.between(now, t)).orElse(maxIdle);
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(maxIdle) > 0 ? maxIdle : wait;
    }

    private void tell(Firing f) {
        try {
            listener.fired(f);
        } catch (RuntimeException ex) {
            // The firing is committed and its run queued; a claim picks it up later.
            LOG.log(System.Logger.Level.WARNING, "schedule " + f.schedule() + " fired for " + f.scheduledAt()
                    + " but its listener failed: " + ex, ex);
        }
    }
}
