package dev.muster.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.store.Database;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import dev.muster.server.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two servers (two stores, two schedulers) on one database, ticking at the same instants from
 * two threads released together, then claiming the queued runs together.
 */
final class SharedDatabaseRace {
    private static final int SCHEDULES = 3;
    private static final int SECONDS = 30;

    private final Store a;
    private final Store b;
    private final ManualClock clock;

    SharedDatabaseRace(Database db, ManualClock clock) {
        this.a = Store.open(db, clock);
        this.b = Store.open(db, clock);
        this.clock = clock;
    }

    void assertEachInstantFiresOnceAndEachRunIsClaimedOnce() throws Exception {
        for (int i = 0; i < SCHEDULES; i++) {
            a.schedules().save(Schedule.of("every-second-" + i, "* * * * * *", "UTC", Map.of("command", "true"),
                    MisfirePolicy.RUN_ONCE, OverlapPolicy.QUEUE));
        }
        Scheduler sa = new Scheduler(a.schedules(), f -> { }, clock, "server-a");
        Scheduler sb = new Scheduler(b.schedules(), f -> { }, clock, "server-b");
        List<Firing> fired = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            for (int s = 0; s < SECONDS; s++) {
                clock.advance(Duration.ofSeconds(1));
                fired.addAll(both(pool, () -> {
                    together.await();
                    return sa.tick();
                }, () -> {
                    together.await();
                    return sb.tick();
                }));
            }
            assertThat(fired).hasSize(SCHEDULES * SECONDS);
            assertThat(fired.stream().map(f -> f.schedule() + "@" + f.scheduledAt()).distinct())
                    .hasSize(SCHEDULES * SECONDS);
            for (int i = 0; i < SCHEDULES; i++) {
                assertThat(a.schedules().firings("every-second-" + i, 1000)).hasSize(SECONDS);
            }
            assertClaimedOnce(pool, fired.stream().map(Firing::runId).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertClaimedOnce(ExecutorService pool, List<String> runIds) throws Exception {
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        List<Firing> none = both(pool, () -> claimAll(a, "server-a", claimed, duplicates, finished, runIds.size()),
                () -> claimAll(b, "server-b", claimed, duplicates, finished, runIds.size()));
        assertThat(none).isEmpty();
        assertThat(duplicates).hasValue(0);
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(runIds);
        assertThat(a.runs().list(1000)).extracting(StoredRun::claimedBy).containsOnly("server-a", "server-b");
    }

    /** Claims and finishes runs until all are finished (by either server); a queued run waits its turn. */
    private static List<Firing> claimAll(Store store, String server, Set<String> claimed, AtomicInteger duplicates,
                                         AtomicInteger finished, int total) {
        while (finished.get() < total) {
            Optional<StoredRun> run = store.queue().claimNext(server);
            if (run.isEmpty()) {
                Thread.onSpinWait();
                continue;
            }
            if (!claimed.add(run.get().id())) {
                duplicates.incrementAndGet();
            }
            store.runs().finish(run.get().id(), 0, Map.of("ok", 1));
            finished.incrementAndGet();
        }
        return List.of();
    }

    private static List<Firing> both(ExecutorService pool, Callable<List<Firing>> one, Callable<List<Firing>> two)
            throws Exception {
        Future<List<Firing>> f1 = pool.submit(one);
        Future<List<Firing>> f2 = pool.submit(two);
        List<Firing> out = new ArrayList<>(f1.get());
        out.addAll(f2.get());
        return out;
    }
}
