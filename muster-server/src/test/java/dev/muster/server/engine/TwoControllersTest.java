package dev.muster.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.schedule.MisfirePolicy;
import dev.muster.server.schedule.OverlapPolicy;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import dev.muster.server.store.Store;
import dev.muster.server.testing.Controller;
import dev.muster.server.testing.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controllers, each its own process, on one real PostgreSQL: one is killed with SIGKILL and
 * restarted at random while schedules fire and queued runs wait, and every firing still happens
 * once, every run is claimed once and ends once; a run whose controller is killed is reaped by the
 * other once its lease runs out; a cancel sent to either controller stops a run wherever it runs.
 * The random seed is printed, and fixed by {@code -Dmuster.ha.seed=N}.
 */
class TwoControllersTest {
    private static final int FIRINGS = 100;
    private static final int QUEUED = 30;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private String url;
    private Store store;
    private Path inventory;
    private Path plans;
    private int started;

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    private void store() throws IOException {
        url = PostgresServer.shared().url(PostgresServer.shared().freshDatabaseName());
        store = Store.open(Database.postgresql(url), Clock.systemUTC());
        inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, "hosts:\n  h1: {address: 127.0.0.1}\n");
        plans = Files.createDirectories(dir.resolve("plans"));
    }

    /** A controller process; returns it once it serves, with its HTTP port. */
    private Started controller(String id, Duration lease) throws Exception {
        Path log = dir.resolve(id + "-" + (++started) + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), Controller.class.getName(), url, id, inventory.toString(),
                plans.toString(), Long.toString(lease.toMillis()))
                .redirectOutput(log.toFile()).redirectError(dir.resolve(id + "-" + started + ".err").toFile()).start();
        processes.add(p);
        Instant asked = Instant.now();
        Pattern ready = Pattern.compile("(?m)^ready (\\d+)$");
        await(Duration.ofSeconds(90), "controller " + id + " to serve (log " + log + ")",
                () -> ready.matcher(read(log)).find() || !p.isAlive());
        System.out.println("TwoControllersTest: " + id + " serving after " + Duration.between(asked, Instant.now())
                .toMillis() + " ms; " + count("SELECT COUNT(*) FROM schedule_fires") + " firings so far");
        String text = read(log);
        assertThat(p.isAlive()).as(text).isTrue();
        Matcher m = ready.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return new Started(p, Integer.parseInt(m.group(1)));
    }

    record Started(Process process, int port) {
        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the store
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void firingsAndQueuedRunsHappenOnceWhileAControllerIsKilledAndRestartedAtRandom() throws Exception {
        store();
        long seed = Long.getLong("muster.ha.seed", System.nanoTime());
        System.out.println("TwoControllersTest seed " + seed + " (-Dmuster.ha.seed=" + seed + " repeats it)");
        Random random = new Random(seed);
        List<Schedule> schedules = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Schedule s = Schedule.of("every-second-" + i, "* * * * * *", null, Map.of("selector", "h1", "command",
                    "echo x >> " + dir.resolve("fired-" + i + ".log") + "; sleep 0.2"), MisfirePolicy.RUN_ONCE,
                    OverlapPolicy.QUEUE);
            store.schedules().save(s);
            schedules.add(s);
        }
        Duration lease = Duration.ofSeconds(2);
        Started a = controller("controller-a", lease);
        Started b = controller("controller-b", lease);
        for (int i = 0; i < QUEUED; i++) {
            String command = "echo queued-" + i + " >> " + dir.resolve("queued.log") + "; sleep 0.3";
            store.runs().enqueue(new RunRequest("run", "h1", command, Map.of("selector", "h1", "command", command),
                    "default", "test", null));
        }
        int kills = 0;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        while (count("SELECT COUNT(*) FROM schedule_fires") < FIRINGS) {
            assertThat(Instant.now()).as("firings so far: " + count("SELECT COUNT(*) FROM schedule_fires"))
                    .isBefore(deadline);
            Thread.sleep(1000 + random.nextInt(3000));
            a.kill();
            kills++;
            if (random.nextBoolean()) {
                Thread.sleep(random.nextInt((int) lease.toMillis() + 1000)); // sometimes its lease runs out first
            }
            a = controller("controller-a", lease);
        }
        schedules.forEach(s -> store.schedules().save(s.disabled()));
        await(Duration.ofSeconds(120), "every run to end", () -> count("SELECT COUNT(*) FROM runs WHERE status IN "
                + "('queued', 'running')") == 0);
        a.kill();
        b.kill();

        long firings = count("SELECT COUNT(*) FROM schedule_fires");
        System.out.println("TwoControllersTest: " + firings + " firings, " + kills + " kills, runs by status "
                + store.queue().countByStatus());
        assertThat(firings).isGreaterThanOrEqualTo(FIRINGS);
        assertThat(count("SELECT COUNT(*) FROM schedule_fires WHERE outcome NOT IN ('dispatched', 'queued')"))
                .as("with overlap 'queue' every firing queues a run").isZero();
        // each firing queued exactly one run, and no run was queued without a firing
        assertThat(count("SELECT COUNT(*) FROM runs WHERE schedule_name IS NOT NULL")).isEqualTo(firings);
        assertThat(count("SELECT COUNT(*) FROM schedule_fires f WHERE NOT EXISTS (SELECT 1 FROM runs r "
                + "WHERE r.id = f.run_id)")).isZero();
        // every run was claimed once and ended once: finished, or interrupted when its controller died
        assertThat(count("SELECT COUNT(*) FROM runs WHERE claims <> 1")).isZero();
        assertThat(count("SELECT COUNT(*) FROM runs WHERE status NOT IN ('finished', 'interrupted')")).isZero();
        for (int i = 1; i <= 5; i++) {
            long done = count("SELECT COUNT(*) FROM runs WHERE schedule_name = 'every-second-" + i
                    + "' AND status = 'finished'");
            long cut = count("SELECT COUNT(*) FROM runs WHERE schedule_name = 'every-second-" + i
                    + "' AND status = 'interrupted'");
            long executed = lines(dir.resolve("fired-" + i + ".log")).size();
            assertThat(executed).as("schedule " + i + ": " + done + " finished, " + cut + " interrupted")
                    .isBetween(done, done + cut);
        }
        // a queued run that executed twice would print its line twice
        Map<String, Integer> seen = new HashMap<>();
        lines(dir.resolve("queued.log")).forEach(l -> seen.merge(l, 1, Integer::sum));
        assertThat(seen.values()).allMatch(n -> n == 1);
        for (String id : ids("SELECT id FROM runs WHERE schedule_name IS NULL AND status = 'finished'")) {
            String command = store.runs().get(id).orElseThrow().record().spec().get("command").toString();
            assertThat(seen).containsKey(command.substring("echo ".length(), command.indexOf(" >>")));
        }
        assertThat(count("SELECT COUNT(*) FROM runs WHERE schedule_name IS NULL")).isEqualTo(QUEUED);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aCancelReachesARunOnTheOtherControllerAndARunOfAKilledControllerIsReapedWhenItsLeaseRunsOut()
            throws Exception {
        store();
        Duration lease = Duration.ofSeconds(3);
        Map<String, Started> controllers = new HashMap<>();
        controllers.put("controller-a", controller("controller-a", lease));
        controllers.put("controller-b", controller("controller-b", lease));
        String token = store.tokens().issue("ha", "ha", null, Map.of("*", "admin")).plain();

        String cancelled = longRun();
        String runner = awaitClaim(cancelled);
        Started other = controllers.get(runner.equals("controller-a") ? "controller-b" : "controller-a");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + other.port() + "/api/v1/runs/" + cancelled + "/cancel")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await(Duration.ofSeconds(60), "run " + cancelled + " to end cancelled",
                () -> store.runs().get(cancelled).orElseThrow().status().key().equals("cancelled"));

        String orphan = longRun();
        String victim = awaitClaim(orphan);
        await(Duration.ofSeconds(60), "the host to start", () -> count("SELECT COUNT(*) FROM run_inflight "
                + "WHERE run_id = '" + orphan + "'") == 1);
        controllers.get(victim).kill();
        Instant killed = Instant.now();
        long expires = count("SELECT lease_expires_at FROM runs WHERE id = '" + orphan + "'"); // no renewals now
        await(Duration.ofSeconds(120), "run " + orphan + " to be reaped",
                () -> store.runs().get(orphan).orElseThrow().status().key().equals("interrupted"));
        long reapedAt = count("SELECT finished_at FROM runs WHERE id = '" + orphan + "'");
        System.out.println("TwoControllersTest: lease " + lease.toMillis() + " ms; reaped "
                + (reapedAt - killed.toEpochMilli()) + " ms after the kill, " + (reapedAt - expires)
                + " ms after the lease ran out");
        assertThat(reapedAt).as("never reaped while its lease holds").isGreaterThanOrEqualTo(expires);
        assertThat(reapedAt - expires).as("reaped by the survivor within a lease of running out")
                .isLessThanOrEqualTo(lease.toMillis());
        assertThat(store.runs().outcomes(orphan)).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo(dev.muster.core.exec.FailureKind.INTERRUPTED);
            assertThat(o.message()).contains(victim);
        });
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void whatAKilledControllerHeldIsTakenOverPlanResumedInspectionInterruptedForbiddenScheduleFiringAgain()
            throws Exception {
        store();
        Duration lease = Duration.ofSeconds(3);
        Path steps = dir.resolve("steps.log");
        Path again = dir.resolve("again");
        // step 2 sleeps on its first attempt (the one the kill cuts), and is quick when done again
        Files.writeString(plans.resolve("two-steps.yaml"), "name: two\ntargets: h1\nresume: auto\nsteps:\n"
                + "  - run: echo one >> " + steps + "\n"
                + "  - run: if [ -e " + again + " ]; then echo two-again >> " + steps + "; else touch " + again
                + "; echo two-first >> " + steps + "; sleep 60; fi\n");
        Files.createDirectories(plans.resolve("inspections"));
        Files.writeString(plans.resolve("inspections/slow.yaml"), "kind: inspection\nname: slow\ntargets: h1\n"
                + "timeout: 120s\nchecks:\n  - health: {cmd: \"sleep 60\", probe_timeout: 90s}\n");
        Schedule forbid = Schedule.of("forbid", "* * * * * *", null, Map.of("selector", "h1", "command",
                "echo fired >> " + dir.resolve("forbid.log") + "; sleep 60"), MisfirePolicy.SKIP, OverlapPolicy.FORBID);

        // only controller-a serves at first, so it claims all three
        store.schedules().save(forbid);
        Started a = controller("controller-a", lease);
        String plan = store.runs().enqueue(new RunRequest("apply", null, "apply two-steps.yaml",
                Map.of("plan", "two-steps.yaml"), "default", "test", null));
        String inspection = store.runs().enqueue(new RunRequest("inspection", "h1", "inspect inspections/slow.yaml",
                Map.of("inspection", "inspections/slow.yaml"), "default", "test", null));
        try {
            await(Duration.ofSeconds(60), "the plan's step 2 in flight on controller-a",
                    () -> read(steps).contains("two-first"));
            await(Duration.ofSeconds(60), "the inspection's check in flight on controller-a", () -> count(
                    "SELECT COUNT(*) FROM run_inflight WHERE run_id = '" + inspection + "'") == 1);
            await(Duration.ofSeconds(60), "the schedule's run in flight on controller-a", () -> count(
                    "SELECT COUNT(*) FROM runs WHERE schedule_name = 'forbid' AND status = 'running'") == 1);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnosis(), e);
        }
        String firstFiring = ids("SELECT id FROM runs WHERE schedule_name = 'forbid' AND status = 'running'").getFirst();
        assertThat(List.of(plan, inspection, firstFiring)).allSatisfy(id ->
                assertThat(store.runs().get(id).orElseThrow().claimedBy()).isEqualTo("controller-a"));
        Started b = controller("controller-b", lease);
        a.kill();
        try {
            // the plan says resume: auto: controller-b continues it from its journal; step 1 is not done again
            await(Duration.ofSeconds(90), "plan run " + plan + " to finish on controller-b",
                    () -> store.runs().get(plan).orElseThrow().status().key().equals("finished"));
            assertThat(store.runs().get(plan).orElseThrow().claimedBy()).isEqualTo("controller-b");
            assertThat(store.runs().get(plan).orElseThrow().record().exitCode()).isEqualTo(0);
            assertThat(store.queue().claims(plan)).isEqualTo(2);
            assertThat(lines(steps)).containsExactly("one", "two-first", "two-again");
            assertThat(store.audit().recent(50)).extracting(e -> e.action() + " " + e.targets())
                    .contains("run.interrupt run " + plan, "run.resume run " + plan);

            // an inspection is a run like any other: interrupted, its host in flight said so
            await(Duration.ofSeconds(60), "inspection run " + inspection + " to be interrupted",
                    () -> store.runs().get(inspection).orElseThrow().status().key().equals("interrupted"));
            assertThat(store.runs().outcomes(inspection)).singleElement().satisfies(o -> {
                assertThat(o.host()).isEqualTo("h1");
                assertThat(o.kind()).isEqualTo(dev.muster.core.exec.FailureKind.INTERRUPTED);
                assertThat(o.message()).contains("controller-a");
            });

            // overlap forbid is not refused for ever: once the dead controller's run is reaped, it fires again
            await(Duration.ofSeconds(60), "schedule 'forbid' to fire again on controller-b", () -> count(
                    "SELECT COUNT(*) FROM runs WHERE schedule_name = 'forbid' AND claimed_by = 'controller-b'") >= 1);
            assertThat(store.runs().get(firstFiring).orElseThrow().status().key()).isEqualTo("interrupted");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnosis(), e);
        }
        store.schedules().save(forbid.disabled());
        b.kill();
    }

    /** The runs in the store and what the controllers printed, for a failure's message. */
    private String diagnosis() {
        StringBuilder out = new StringBuilder("runs:\n");
        try (Connection c = store.database().connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, kind, status, claimed_by, exit_code, schedule_name FROM runs ORDER BY created_at");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.append("  ").append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ')
                        .append(rs.getString(3)).append(" by ").append(rs.getString(4)).append(" exit ")
                        .append(rs.getString(5)).append(" schedule ").append(rs.getString(6)).append('\n');
            }
        } catch (SQLException e) {
            out.append("  (").append(e.getMessage()).append(")\n");
        }
        for (int i = 1; i <= started; i++) {
            for (String id : List.of("controller-a", "controller-b")) {
                for (String ext : List.of(".log", ".err")) {
                    Path f = dir.resolve(id + "-" + i + ext);
                    if (Files.exists(f)) {
                        String text = read(f);
                        out.append(f.getFileName()).append(":\n")
                                .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
                    }
                }
            }
        }
        return out.toString();
    }

    private String longRun() {
        String command = "sleep 25"; // outlives the test's waits; a killed controller leaves it running
        return store.runs().enqueue(new RunRequest("run", "h1", command, Map.of("selector", "h1", "command", command),
                "default", "test", null));
    }

    private String awaitClaim(String runId) throws InterruptedException {
        await(Duration.ofSeconds(60), "run " + runId + " to be claimed",
                () -> store.runs().get(runId).orElseThrow().claimedBy() != null);
        return store.runs().get(runId).orElseThrow().claimedBy();
    }

    private long count(String sql) {
        try (Connection c = store.database().connect(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private List<String> ids(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = store.database().connect(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(Duration limit, String what, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
            }
            Thread.sleep(100);
        }
    }
}
