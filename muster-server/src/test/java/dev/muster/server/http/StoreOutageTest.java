package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.schedule.Firing;
import dev.muster.server.schedule.MisfirePolicy;
import dev.muster.server.schedule.OverlapPolicy;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.schedule.Scheduler;
import dev.muster.server.store.Database;
import dev.muster.server.store.PoolSettings;
import dev.muster.server.store.RunRequest;
import dev.muster.server.store.Store;
import dev.muster.server.testing.ManualClock;
import dev.muster.server.testing.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped and started again while clients keep calling the API (a server of this
 * test's own): during the outage every request fails at once with 503 and says why, none waits
 * past the pool's connection timeout, the server serves again by itself once PostgreSQL is back,
 * the runs queued before the outage all run once after it, and the schedule fires its instant once.
 */
class StoreOutageTest {
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    /** One API call as a client saw it. */
    record Call(long atNanos, int status, long tookMs, String body) {
    }

    @Test
    @Timeout(240)
    void postgresRestartedUnderLoadFailsFastWith503AndRecoversWithNothingLostAndNoDoubleFiring() throws Exception {
        try (PostgresServer pg = PostgresServer.startPrivate()) {
            String name = pg.freshDatabaseName();
            PoolSettings pool = new PoolSettings(4, 1, CONNECTION_TIMEOUT, Duration.ZERO, Duration.ZERO);
            ManualClock clock = new ManualClock("2026-11-27T10:00:30Z");
            HttpClient http = HttpClient.newHttpClient();
            // the engine claims only when woken: the runs queued below wait through the outage
            try (ServerFixture fx = new ServerFixture(dir, Database.postgresql(pg.url(name), pool, (Path) null), clock,
                    c -> c, http, Duration.ofHours(1))) {
                String token = fx.token("root", "admin", "*");
                fx.store.schedules().save(Schedule.of("every-minute", "* * * * *", "UTC",
                        Map.of("selector", "@web", "command", "echo scheduled"), MisfirePolicy.RUN_ONCE,
                        OverlapPolicy.QUEUE));
                List<String> queued = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    queued.add(fx.store.runs().enqueue(new RunRequest("run", "@web", "echo queued-" + i,
                            Map.of("selector", "@web", "command", "echo queued-" + i), "staging", "root", null)));
                }

                ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<Throwable> broken = new ConcurrentLinkedQueue<>();
                AtomicBoolean loading = new AtomicBoolean(true);
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    String path = i % 2 == 0 ? "/api/v1/runs?limit=5" : "/api/v1/runs/" + queued.get(i);
                    clients.add(Thread.ofVirtual().start(() -> load(fx, token, path, loading, calls, broken)));
                }
                awaitCalls(calls, 0, 200, 20);

                long stopped = System.nanoTime();
                pg.stop();
                awaitCalls(calls, stopped, 503, 20);
                clock.set("2026-11-27T10:01:00Z");
                assertThatThrownBy(() -> fx.server.scheduler().tick())
                        .satisfies(e -> assertThat(Database.unavailable(e)).as(e.toString()).isTrue());
                fx.server.context().engine().orElseThrow().wake(); // its claim fails and it keeps going

                long restarted = System.nanoTime();
                pg.restart();
                awaitCalls(calls, System.nanoTime(), 200, 20);
                long recoveredMs = (firstAfter(calls, restarted, 200) - restarted) / 1_000_000;
                loading.set(false);
                for (Thread t : clients) {
                    t.join(Duration.ofSeconds(30));
                }

                // each call's deadline is the connection timeout plus 10 s: one that hung past it is here
                assertThat(broken).as("client errors; served again %d ms after the restart", recoveredMs).isEmpty();
                List<Call> all = List.copyOf(calls);
                assertThat(all).extracting(Call::status).containsOnly(200, 503);
                List<Call> refused = all.stream().filter(c -> c.status() == 503).toList();
                assertThat(refused).isNotEmpty().allSatisfy(c -> assertThat(c.body())
                        .contains("\"error\":\"store_unavailable\"").contains("try again shortly"));
                assertThat(fx.store.database().poolState().total()).isLessThanOrEqualTo(4);

                // the instant due during the outage fires once, wherever it is asked again
                List<Firing> fired = fx.server.scheduler().tick();
                assertThat(fired).hasSize(1);
                assertThat(fx.server.scheduler().tick()).isEmpty();
                try (Store other = Store.open(Database.postgresql(pg.url(name)), clock)) {
                    assertThat(new Scheduler(other.schedules(), f -> { }, clock, "server-b").tick()).isEmpty();
                }
                assertThat(fx.store.schedules().firings("every-minute", 10)).hasSize(1);

                // the firing woke the engine: every run queued before the outage runs once
                List<String> expected = new ArrayList<>(queued);
                expected.add(fired.getFirst().runId());
                for (String id : expected) {
                    JsonNode run = fx.awaitEnd(id, token);
                    assertThat(run.path("exitCode").asInt()).as(run.toString()).isZero();
                    assertThat(fx.store.runs().outcomes(id)).hasSize(1);
                }
                assertThat(fx.store.runs().list(100)).hasSize(expected.size());
            }
        }
    }

    private static void load(ServerFixture fx, String token, String path, AtomicBoolean loading,
                             ConcurrentLinkedQueue<Call> calls, ConcurrentLinkedQueue<Throwable> broken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fx.server.url() + path))
                .header("Authorization", "Bearer " + token)
                .timeout(CONNECTION_TIMEOUT.plusSeconds(10)).build();
        while (loading.get()) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = fx.http.send(request, HttpResponse.BodyHandlers.ofString());
                calls.add(new Call(start, r.statusCode(), (System.nanoTime() - start) / 1_000_000, r.body()));
                Thread.sleep(r.statusCode() == 200 ? 5 : 20);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                broken.add(e);
                return;
            }
        }
    }

    /** Waits (bounded) until {@code n} calls started after {@code since} answered {@code status}. */
    private static void awaitCalls(ConcurrentLinkedQueue<Call> calls, long since, int status, int n)
            throws InterruptedException {
        AtomicLong seen = new AtomicLong();
        for (int i = 0; i < 3_000; i++) {
            seen.set(calls.stream().filter(c -> c.atNanos() >= since && c.status() == status).count());
            if (seen.get() >= n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("only " + seen.get() + " calls answered " + status + " within 30 s: "
                + calls.stream().skip(Math.max(0, calls.size() - 5)).toList());
    }

    private static long firstAfter(ConcurrentLinkedQueue<Call> calls, long since, int status) {
        return calls.stream().filter(c -> c.atNanos() >= since && c.status() == status)
                .mapToLong(c -> c.atNanos() + c.tookMs() * 1_000_000).min().orElseThrow();
    }
}
