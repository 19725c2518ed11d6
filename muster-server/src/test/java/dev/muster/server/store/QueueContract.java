package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Queued runs handed to servers, and old runs deleted, on every backend. */
abstract class QueueContract extends StoreTestBase {

    RunRequest request(String schedule) {
        return new RunRequest("run", "@web", "uptime", Map.of("command", "uptime"), "prod", "alice", schedule);
    }

    @Test
    void oldestQueuedRunIsClaimedFirstAndOnlyOnce() {
        String first = store.runs().enqueue(request(null));
        clock.advance(Duration.ofSeconds(1));
        String second = store.runs().enqueue(request(null));

        StoredRun claimed = store.queue().claimNext("server-a").orElseThrow();
        assertThat(claimed.id()).isEqualTo(first);
        assertThat(claimed.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(claimed.claimedBy()).isEqualTo("server-a");
        assertThat(claimed.requestedBy()).isEqualTo("alice");
        assertThat(claimed.environment()).isEqualTo("prod");
        assertThat(store.queue().claim(first, "server-b")).isFalse();
        assertThat(store.queue().claim(second, "server-b")).isTrue();
        assertThat(store.queue().claimNext("server-a")).isEmpty();
    }

    @Test
    void engineBeginningAClaimedRunKeepsItsRequest() {
        String id = store.runs().enqueue(request(null));
        store.queue().claim(id, "server-a");
        store.runs().begin(new dev.muster.core.store.RunRecord(id, "run", null, null, "web[1-3]", clock.instant(),
                null, null, null, null, null, null));
        StoredRun run = store.runs().get(id).orElseThrow();
        assertThat(run.record().selector()).isEqualTo("@web");
        assertThat(run.record().hosts()).isEqualTo("web[1-3]");
        assertThat(run.claimedBy()).isEqualTo("server-a");
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void concurrentClaimsTakeEachRunExactlyOnce() throws Exception {
        Store other = reopen();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(store.runs().enqueue(request(null)));
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Store mine = w % 2 == 0 ? store : other;
                String server = "server-" + w;
                workers.add(pool.submit(() -> {
                    go.await();
                    for (Optional<StoredRun> r; (r = mine.queue().claimNext(server)).isPresent(); ) {
                        if (!seen.add(r.get().id())) {
                            synchronized (duplicates) {
                                duplicates.add(r.get().id());
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates).isEmpty();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aScheduledRunWaitsWhileAnEarlierRunOfItsScheduleIsActive() {
        String first = store.runs().enqueue(request("nightly"));
        clock.advance(Duration.ofSeconds(1));
        String second = store.runs().enqueue(request("nightly"));
        String unrelated = store.runs().enqueue(request(null));

        assertThat(store.queue().claimNext("s").orElseThrow().id()).isEqualTo(first);
        assertThat(store.queue().claimNext("s").orElseThrow().id()).isEqualTo(unrelated);
        assertThat(store.queue().claimNext("s")).isEmpty();
        store.runs().finish(first, 0, Map.of("ok", 1));
        assertThat(store.queue().claimNext("s").orElseThrow().id()).isEqualTo(second);
    }

    @Test
    void onlyQueuedRunsCanBeCancelledFromTheQueue() {
        String queued = store.runs().enqueue(request(null));
        String running = store.runs().enqueue(request(null));
        store.queue().claim(running, "s");
        assertThat(store.queue().cancelQueued(queued)).isTrue();
        assertThat(store.queue().cancelQueued(running)).isFalse();
        assertThat(store.runs().get(queued).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(store.queue().claimNext("s")).isEmpty();
    }

    @Test
    void aRestartedServerAbandonsTheRunsItHadClaimed() {
        String mine = store.runs().enqueue(request("nightly"));
        String theirs = store.runs().enqueue(request(null));
        String queued = store.runs().enqueue(request(null));
        store.queue().claim(mine, "server-a");
        store.queue().claim(theirs, "server-b");

        assertThat(store.queue().abandonClaims("server-a")).extracting(RunQueue.Reaped::id).containsExactly(mine);
        StoredRun abandoned = store.runs().get(mine).orElseThrow();
        assertThat(abandoned.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(abandoned.record().exitCode()).isEqualTo(3);
        assertThat(store.runs().get(theirs).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(store.runs().get(queued).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
    }

    @Test
    void aRunWhoseLeaseRunsOutIsInterruptedWithItsOutcomesKeptAndItsHostsInFlightSaidSo() {
        String id = store.runs().enqueue(request(null));
        store.queue().claimNext("server-a", Duration.ofSeconds(30)).orElseThrow();
        store.runs().hostStarted(id, "web1");
        store.runs().hostStarted(id, "web2");
        store.runs().outcome(id, new dev.muster.core.exec.Outcome("web1", dev.muster.core.exec.Status.OK, null, 0,
                null, "up\n", "", "", 1, 12, clock.instant())); // web1 finished
        store.runs().hostStarted(id, "web3");

        clock.advance(Duration.ofSeconds(20));
        assertThat(store.queue().renew("server-a", List.of(id), Duration.ofSeconds(30))).containsExactly(id);
        clock.advance(Duration.ofSeconds(29));
        assertThat(store.queue().reapExpired()).isEmpty(); // renewed: still held
        clock.advance(Duration.ofSeconds(2));
        List<RunQueue.Reaped> reaped = store.queue().reapExpired();

        assertThat(reaped).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(r.server()).isEqualTo("server-a");
            assertThat(r.inFlight()).containsExactly("web2", "web3");
        });
        assertThat(store.runs().get(id).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
        List<dev.muster.core.exec.Outcome> outcomes = store.runs().outcomes(id);
        assertThat(outcomes).extracting(o -> o.host() + " " + o.status().key() + " " + (o.kind() == null ? "-"
                : o.kind().key())).containsExactly("web1 ok -", "web2 failed interrupted", "web3 failed interrupted");
        assertThat(outcomes.get(1).message()).contains("server-a");
        // the server that lost it cannot renew it, nor end it as if nothing happened
        assertThat(store.queue().renew("server-a", List.of(id), Duration.ofSeconds(30))).isEmpty();
        store.runs().finish(id, 0, Map.of());
        assertThat(store.runs().get(id).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(store.queue().reapExpired()).isEmpty();
    }

    @Test
    void aCancelAskedOfAServerThatDiedEndsTheRunCancelledWhenItsLeaseRunsOut() {
        String id = store.runs().enqueue(request(null));
        store.queue().claimNext("server-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(store.queue().requestCancel(id)).isTrue();
        clock.advance(Duration.ofSeconds(31));
        assertThat(store.queue().reapExpired()).extracting(RunQueue.Reaped::status).containsExactly(RunStatus.CANCELLED);
        assertThat(store.runs().get(id).orElseThrow().record().exitCode()).isEqualTo(130);
    }

    @Test
    void onlyEndedPlanRunsAreQueuedAgainAndAClaimIsCounted() {
        String plan = store.runs().enqueue(new RunRequest("apply", null, "apply p.yaml", Map.of("plan", "p.yaml"),
                "prod", "alice", null));
        String command = store.runs().enqueue(request(null));
        assertThat(store.queue().requeue(plan)).isFalse(); // still queued
        store.queue().claimNext("server-a", Duration.ofSeconds(5)).orElseThrow();
        store.queue().claimNext("server-a", Duration.ofSeconds(5)).orElseThrow();
        clock.advance(Duration.ofSeconds(6));
        assertThat(store.queue().reapExpired()).hasSize(2);
        assertThat(store.queue().requeue(command)).isFalse();
        assertThat(store.queue().requeue(plan)).isTrue();
        StoredRun again = store.queue().claimNext("server-b", Duration.ofSeconds(5)).orElseThrow();
        assertThat(again.id()).isEqualTo(plan);
        assertThat(again.claimedBy()).isEqualTo("server-b");
        assertThat(store.queue().claims(plan)).isEqualTo(2);
        assertThat(store.queue().claims(command)).isEqualTo(1);
    }

    @Test
    void retentionDeletesOldFinishedRunsWithTheirOutputButKeepsActiveOnes() throws Exception {
        begin(store, "old");
        store.runs().outcome("old", new dev.muster.core.exec.Outcome("h1", dev.muster.core.exec.Status.OK, null, 0,
                null, "output", "", "", 1, 1, null));
        store.runs().finish("old", 0, Map.of());
        begin(store, "old-but-running");
        clock.advance(Duration.ofDays(31));
        begin(store, "new");
        store.runs().finish("new", 0, Map.of());

        assertThat(store.retention().deleteOlderThan(Duration.ofDays(30))).isEqualTo(1);
        assertThat(store.runs().list(10)).extracting(StoredRun::id).containsExactly("new", "old-but-running");
        assertThat(store.output().chunks("old", "h1", RunOutput.Stream.STDOUT)).isZero();
        assertThat(store.runs().outcomes("old")).isEmpty();
    }

    @Test
    void retentionKeepsAtMostTheNewestRuns() {
        for (String id : List.of("r1", "r2", "r3", "r4")) {
            begin(store, id);
            store.runs().finish(id, 0, Map.of());
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(store.retention().apply(Duration.ofDays(30), 2)).isEqualTo(2);
        assertThat(store.runs().list(10)).extracting(StoredRun::id).containsExactly("r4", "r3");
    }
}
