package dev.muster.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.store.Database;
import dev.muster.server.store.RunStatus;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import dev.muster.server.testing.Backend;
import dev.muster.server.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler on a real store, driven by a manual clock; run on SQLite and PostgreSQL. */
abstract class SchedulerContract implements Backend {
    @TempDir
    Path tmp;
    final ManualClock clock = new ManualClock("2026-11-27T10:00:30Z");
    final List<Firing> heard = new CopyOnWriteArrayList<>();
    Database db;
    Store store;
    Scheduler scheduler;

    @BeforeEach
    void open() {
        db = newDatabase(tmp);
        store = Store.open(db, clock);
        scheduler = new Scheduler(store.schedules(), heard::add, clock, "server-a");
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    Schedule every5Minutes(String name, MisfirePolicy misfire, OverlapPolicy overlap) {
        Schedule s = Schedule.of(name, "*/5 * * * *", "UTC", Map.of("selector", "@web", "command", "uptime"),
                misfire, overlap);
        store.schedules().save(s);
        return s;
    }

    @Test
    void firesOnceAtEachFireTimeAndTellsTheListenerAfterRecording() {
        every5Minutes("check", MisfirePolicy.SKIP, OverlapPolicy.QUEUE);
        assertThat(scheduler.tick()).isEmpty();
        assertThat(scheduler.nextFire()).contains(Instant.parse("2026-11-27T10:05:00Z"));

        clock.set("2026-11-27T10:05:00Z");
        List<Firing> fired = scheduler.tick();
        assertThat(fired).singleElement().satisfies(f -> {
            assertThat(f.scheduledAt()).isEqualTo(Instant.parse("2026-11-27T10:05:00Z"));
            assertThat(f.outcome()).isEqualTo(Firing.Outcome.DISPATCHED);
            assertThat(f.firedBy()).isEqualTo("server-a");
        });
        assertThat(scheduler.tick()).isEmpty();
        assertThat(heard).isEqualTo(fired);
        StoredRun run = store.runs().get(fired.getFirst().runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.schedule()).isEqualTo("check");
        assertThat(run.record().command()).isEqualTo("uptime");
        assertThat(run.requestedBy()).isEqualTo("schedule check");
        assertThat(store.schedules().firings("check", 10)).isEqualTo(fired);
    }

    @Test
    void runOnceFiresOnceNowForEveryInstantMissedDuringDowntime() {
        every5Minutes("check", MisfirePolicy.RUN_ONCE, OverlapPolicy.QUEUE);
        clock.set("2026-11-27T12:07:00Z");
        assertThat(scheduler.tick()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Firing.Outcome.DISPATCHED);
            assertThat(f.scheduledAt()).isEqualTo(Instant.parse("2026-11-27T12:05:00Z"));
            assertThat(f.firedAt()).isEqualTo(Instant.parse("2026-11-27T12:07:00Z"));
        });
        assertThat(scheduler.tick()).isEmpty();
        assertThat(store.runs().list(100)).hasSize(1);
    }

    @Test
    void skipRecordsTheMissedInstantAndFiresAtTheNextOne() {
        every5Minutes("check", MisfirePolicy.SKIP, OverlapPolicy.QUEUE);
        clock.set("2026-11-27T12:07:00Z");
        assertThat(scheduler.tick()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Firing.Outcome.MISSED);
            assertThat(f.runId()).isNull();
        });
        assertThat(store.runs().list(10)).isEmpty();
        clock.set("2026-11-27T12:10:00Z");
        assertThat(scheduler.tick()).extracting(Firing::outcome).containsExactly(Firing.Outcome.DISPATCHED);
    }

    @Test
    void aFireTimeWithinTheGraceIsOnTimeEvenWithSkip() {
        every5Minutes("check", MisfirePolicy.SKIP, OverlapPolicy.QUEUE);
        clock.set("2026-11-27T10:05:59Z");
        assertThat(scheduler.tick()).extracting(Firing::outcome).containsExactly(Firing.Outcome.DISPATCHED);
    }

    @Test
    void aRestartedSchedulerDoesNotFireAnInstantAgain() {
        every5Minutes("check", MisfirePolicy.RUN_ONCE, OverlapPolicy.QUEUE);
        Scheduler crashing = new Scheduler(store.schedules(), f -> {
            throw new IllegalStateException("engine down");
        }, clock, "server-a");
        clock.set("2026-11-27T10:05:00Z");
        assertThat(crashing.tick()).hasSize(1);

        Store restarted = Store.open(db, clock);
        Scheduler again = new Scheduler(restarted.schedules(), heard::add, clock, "server-a");
        clock.set("2026-11-27T10:05:30Z");
        assertThat(again.tick()).isEmpty();
        assertThat(heard).isEmpty();
        assertThat(restarted.schedules().firings("check", 10)).hasSize(1);
        assertThat(restarted.queue().claimNext("server-a")).isPresent();
    }

    @Test
    void forbidRefusesAFiringWhileThePreviousRunIsActive() {
        every5Minutes("check", MisfirePolicy.SKIP, OverlapPolicy.FORBID);
        clock.set("2026-11-27T10:05:00Z");
        String first = scheduler.tick().getFirst().runId();
        store.queue().claim(first, "server-a");

        clock.set("2026-11-27T10:10:00Z");
        assertThat(scheduler.tick()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Firing.Outcome.REFUSED);
            assertThat(f.runId()).isNull();
        });
        store.runs().finish(first, 0, Map.of("ok", 1));
        clock.set("2026-11-27T10:15:00Z");
        assertThat(scheduler.tick()).extracting(Firing::outcome).containsExactly(Firing.Outcome.DISPATCHED);
        assertThat(store.runs().list(10)).hasSize(2);
    }

    @Test
    void queueHoldsAFiringUntilThePreviousRunFinishes() {
        every5Minutes("check", MisfirePolicy.SKIP, OverlapPolicy.QUEUE);
        clock.set("2026-11-27T10:05:00Z");
        String first = scheduler.tick().getFirst().runId();
        assertThat(store.queue().claim(first, "server-a")).isTrue();

        clock.set("2026-11-27T10:10:00Z");
        Firing queued = scheduler.tick().getFirst();
        assertThat(queued.outcome()).isEqualTo(Firing.Outcome.QUEUED);
        assertThat(store.queue().claimNext("server-a")).isEmpty();
        store.runs().finish(first, 0, Map.of("ok", 1));
        assertThat(store.queue().claimNext("server-a")).map(StoredRun::id).contains(queued.runId());
    }

    @Test
    void disabledOrNewlyEditedSchedulesDoNotFireForPastInstants() {
        Schedule s = every5Minutes("check", MisfirePolicy.RUN_ONCE, OverlapPolicy.QUEUE);
        store.schedules().save(s.disabled());
        clock.set("2026-11-27T10:05:00Z");
        assertThat(scheduler.tick()).isEmpty();
        clock.set("2026-11-27T10:07:00Z");
        store.schedules().save(s);
        assertThat(scheduler.tick()).isEmpty();
        clock.set("2026-11-27T10:10:00Z");
        assertThat(scheduler.tick()).hasSize(1);
    }

    @Test
    void zonedScheduleFiresAtItsLocalTime() {
        store.schedules().save(Schedule.of("berlin", "0 2 * * *", "Europe/Berlin", Map.of("plan", "inspect.yaml"),
                MisfirePolicy.SKIP, OverlapPolicy.QUEUE));
        clock.set("2026-11-28T01:00:00Z");
        Firing f = scheduler.tick().getFirst();
        assertThat(f.scheduledAt()).isEqualTo(Instant.parse("2026-11-28T01:00:00Z"));
        assertThat(store.runs().get(f.runId()).orElseThrow().record().command()).isEqualTo("plan inspect.yaml");
        assertThat(store.schedules().get("berlin").orElseThrow().cron().zone().getId()).isEqualTo("Europe/Berlin");
    }

    @Test
    void nextFireIsTheEarliestOfAllSchedules() {
        every5Minutes("often", MisfirePolicy.SKIP, OverlapPolicy.QUEUE);
        store.schedules().save(Schedule.of("daily", "@daily", "UTC", Map.of(), MisfirePolicy.SKIP,
                OverlapPolicy.QUEUE));
        assertThat(scheduler.nextFire()).contains(Instant.parse("2026-11-27T10:05:00Z"));
        assertThat(store.schedules().list()).extracting(Schedule::name).containsExactly("daily", "often");
        assertThat(store.schedules().delete("often")).isTrue();
        assertThat(scheduler.nextFire()).contains(Instant.parse("2026-11-28T00:00:00Z"));
    }

    @Test
    void nextTickWaitsForTheNextFireTimeButNoLongerThanMaxIdle() {
        assertThat(scheduler.nextTickIn(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
        every5Minutes("check", MisfirePolicy.SKIP, OverlapPolicy.QUEUE);
        assertThat(scheduler.nextTickIn(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(270));
        assertThat(scheduler.nextTickIn(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theLoopTicksAtStartAndStopsWhenClosed() throws Exception {
        every5Minutes("check", MisfirePolicy.SKIP, OverlapPolicy.QUEUE);
        clock.set("2026-11-27T10:05:00Z");
        CountDownLatch fired = new CountDownLatch(1);
        Scheduler listening = new Scheduler(store.schedules(), f -> fired.countDown(), clock, "server-a");
        SchedulerLoop loop = SchedulerLoop.start(listening, Duration.ofHours(1));
        try {
            assertThat(fired.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            loop.close();
        }
        assertThat(store.schedules().firings("check", 10)).hasSize(1);
    }

    @Test
    void aLoopWhoseTickFailedTriesAgainWithinSecondsNotAfterItsIdleWait() throws Exception {
        every5Minutes("check", MisfirePolicy.SKIP, OverlapPolicy.QUEUE);
        clock.set("2026-11-27T10:05:00Z");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ScheduleLedger downOnce = new ScheduleLedger() {
            @Override
            public List<Entry> enabledSchedules() {
                if (calls.incrementAndGet() == 1) {
                    throw new dev.muster.core.RunException("cannot read schedules: the store is unavailable",
                            new java.sql.SQLTransientConnectionException("down", "08001"));
                }
                return store.schedules().enabledSchedules();
            }

            @Override
            public java.util.Optional<Firing> record(Schedule s, Instant at, Instant firedAt, String by, boolean missed) {
                return store.schedules().record(s, at, firedAt, by, missed);
            }
        };
        CountDownLatch fired = new CountDownLatch(1);
        SchedulerLoop loop = SchedulerLoop.start(new Scheduler(downOnce, f -> fired.countDown(), clock, "server-a"),
                Duration.ofHours(1));
        try {
            assertThat(fired.await(30, TimeUnit.SECONDS)).as("fired after the failed tick, not an hour later").isTrue();
        } finally {
            loop.close();
        }
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        assertThat(store.schedules().firings("check", 10)).hasSize(1);
    }

    @Test
    void theStoreRecordsAnInstantOnceWhoeverAsks() {
        Schedule s = every5Minutes("check", MisfirePolicy.RUN_ONCE, OverlapPolicy.QUEUE);
        Instant at = Instant.parse("2026-11-27T10:05:00Z");
        Store other = Store.open(db, clock);
        assertThat(store.schedules().record(s, at, at, "server-a", false)).isPresent();
        assertThat(other.schedules().record(s, at, at.plusSeconds(1), "server-b", false)).isEmpty();
        assertThat(other.schedules().record(s, at, at.plusSeconds(1), "server-b", true)).isEmpty();
        assertThat(store.runs().list(10)).hasSize(1);
    }

    @Test
    void twoSchedulersOnOneDatabaseFireEachInstantOnceAndClaimEachRunOnce() throws Exception {
        new SharedDatabaseRace(db, clock).assertEachInstantFiresOnceAndEachRunIsClaimedOnce();
    }
}
