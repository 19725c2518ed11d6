package dev.muster.server.bench;

import dev.muster.server.inspect.CheckResult;
import dev.muster.server.inspect.CheckStatus;
import dev.muster.server.inspect.HostResult;
import dev.muster.server.inspect.Report;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.inspect.Summary;
import dev.muster.server.metrics.MetricSample;
import dev.muster.server.metrics.MetricStore;
import dev.muster.server.schedule.MisfirePolicy;
import dev.muster.server.schedule.OverlapPolicy;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.store.Database;
import dev.muster.server.store.Jdbc;
import dev.muster.server.store.Sessions;
import dev.muster.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeds a data directory for {@code bench/server.sh}: an inventory of N hosts on 127.x addresses
 * (nothing listens there: no SSH is needed), and in the SQLite store R finished runs of H host
 * outcomes each (with output), a day of metric samples every 5 minutes per host, inspection
 * reports, schedules, and a user "bench" (admin) whose session cookie and API token are written to
 * {@code bench-session.txt} and {@code bench-token.txt}. Runs go in by batched inserts, many per
 * transaction: through the one-transaction-per-outcome store API, 500,000 outcomes take far longer.
 *
 * <p>Usage: {@code SeedStore DATA_DIR [hosts=2000] [runs=5000] [hostsPerRun=100] [STORE_URL]}: with a
 * {@code postgresql://} URL the store is that (empty) PostgreSQL database instead of SQLite in
 * DATA_DIR; the inventory and the bench user's files still go to DATA_DIR.
 */
public final class SeedStore {
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(ZoneOffset.UTC);
    private static final int RUNS_PER_TRANSACTION = 100;

    private SeedStore() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int perRun = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Files.createDirectories(data);
        long t0 = System.nanoTime();
        List<String> names = inventory(data.resolve("inventory.yaml"), hosts);
        String url = args.length > 4 ? args[4] : null;
        try (Store store = Store.open(Database.of(url, data), Clock.systemUTC())) {
            seed(store, data, names, runs, perRun, t0);
        }
    }

    private static void seed(Store store, Path data, List<String> names, int runs, int perRun, long t0)
            throws IOException {
        Instant now = Instant.now();
        runs(store, names, runs, perRun, now);
        log("runs", t0);
        metrics(store, names, now);
        log("metric samples", t0);
        reports(store, names, now);
        schedules(store);
        store.users().setPassword("bench", "bench-password".toCharArray());
        store.grants().grant("bench", "*", "admin");
        Sessions.Opened session = store.sessions().open("bench", Duration.ofHours(12));
        Files.writeString(data.resolve("bench-session.txt"), session.cookie() + "\n");
        Files.writeString(data.resolve("bench-token.txt"), store.tokens().issue("bench", "bench", null, java.util.Map.of("*", "admin")).plain() + "\n");
        log("done", t0);
    }

    private static void log(String what, long t0) {
        System.err.printf("seed: %s after %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }

    /** web, db and cache hosts; web in staging, the rest in prod. */
    static List<String> inventory(Path file, int hosts) throws IOException {
        List<String> names = new ArrayList<>(hosts);
        Map<String, List<String>> groups = new java.util.TreeMap<>();
        StringBuilder sb = new StringBuilder("environments: {prod: {}, staging: {}}\nhosts:\n");
        for (int i = 0; i < hosts; i++) {
            String group = i % 4 < 2 ? "web" : i % 4 == 2 ? "db" : "cache";
            String name = String.format("%s%04d", group, i + 1);
            names.add(name);
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(name);
            sb.append("  ").append(name).append(": {address: 127.").append(10 + i / 65_000).append('.')
                    .append(i / 250 % 250).append('.').append(i % 250 + 1).append(", port: 22, env: ")
                    .append(group.equals("web") ? "staging" : "prod").append("}\n");
        }
        sb.append("groups:\n");
        groups.forEach((g, members) -> sb.append("  ").append(g).append(": {hosts: [").append(String.join(", ", members))
                .append("]}\n"));
        Files.writeString(file, sb);
        return names;
    }

    static void runs(Store store, List<String> names, int runs, int perRun, Instant now) {
        Jdbc jdbc = new Jdbc(store.database());
        Random random = new Random(42);
        for (int from = 0; from < runs; from += RUNS_PER_TRANSACTION) {
            int first = from;
            jdbc.inTransaction("seed runs", c -> {
                batch(c, names, first, Math.min(runs, first + RUNS_PER_TRANSACTION), perRun, now, random);
                return null;
            });
        }
    }

    private static void batch(Connection c, List<String> names, int from, int to, int perRun, Instant now,
                              Random random) throws SQLException {
        try (PreparedStatement run = c.prepareStatement("INSERT INTO runs (id, kind, selector, command, hosts, spec, "
                + "environment, requested_by, status, exit_code, counts, created_at, started_at, finished_at) "
                + "VALUES (?, 'run', ?, ?, ?, ?, ?, 'bench', 'finished', ?, ?, ?, ?, ?)");
             PreparedStatement host = c.prepareStatement("INSERT INTO run_hosts (run_id, host, status, kind, "
                     + "exit_code, message, attempts, duration_ms, started_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)");
             PreparedStatement out = c.prepareStatement("INSERT INTO run_output (run_id, host, stream, seq, chunk) "
                     + "VALUES (?, ?, ?, 0, ?)")) {
            for (int r = from; r < to; r++) {
                Instant created = now.minusSeconds(60L * (5_000 - r) + 120);
                String id = ID_TIME.format(created) + "-" + String.format("%06x", random.nextInt(0x1000000));
                int start = (r * perRun) % names.size();
                String group = names.get(start).replaceAll("\\d", "");
                String env = group.equals("web") ? "staging" : "prod";
                int failed = 0;
                List<String> inRun = new ArrayList<>(perRun);
                for (int k = 0; k < perRun; k++) {
                    String name = names.get((start + k * 4) % names.size()); // same group: stride 4
                    inRun.add(name);
                    boolean fail = random.nextInt(50) == 0;
                    failed += fail ? 1 : 0;
                    host.setString(1, id);
                    host.setString(2, name);
                    host.setString(3, fail ? "failed" : "ok");
                    host.setString(4, fail ? "command-failed" : null);
                    host.setObject(5, fail ? 1 : 0);
                    host.setString(6, fail ? "exit code 1" : "");
                    host.setLong(7, 20 + random.nextInt(200));
                    host.setLong(8, created.toEpochMilli());
                    host.addBatch();
                    out.setString(1, id);
                    out.setString(2, name);
                    out.setString(3, fail ? "stderr" : "stdout");
                    out.setString(4, fail ? "df: /data: No space left on device\n"
                            : " 10:00:01 up 12 days,  3:04,  0 users,  load average: 0.1" + (k % 3) + ", 0.05, 0.01\n");
                    out.addBatch();
                }
                run.setString(1, id);
                run.setString(2, "@" + group);
                run.setString(3, "uptime");
                run.setString(4, dev.muster.core.inventory.HostSet.of(inRun).fold()); // as a real run records it
                run.setString(5, "{\"selector\":\"@" + group + "\",\"command\":\"uptime\"}");
                run.setString(6, env);
                run.setInt(7, failed == 0 ? 0 : 1);
                run.setString(8, "{\"ok\":" + (perRun - failed) + ",\"failed\":" + failed + "}");
                run.setLong(9, created.toEpochMilli());
                run.setLong(10, created.toEpochMilli());
                run.setLong(11, created.plusSeconds(3).toEpochMilli());
                run.addBatch();
            }
            run.executeBatch();
            host.executeBatch();
            out.executeBatch();
        }
    }

    /** A day of samples, one round every 5 minutes; 1 host in 100 down at the last round. */
    static void metrics(Store store, List<String> names, Instant now) {
        MetricStore metrics = new MetricStore(store, Clock.systemUTC());
        Random random = new Random(7);
        for (int round = 288; round >= 0; round--) {
            Instant at = now.minus(Duration.ofMinutes(5L * round));
            List<MetricSample> samples = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                if (round == 0 && i % 100 == 99) {
                    samples.add(MetricSample.down(names.get(i), at, "connect refused"));
                    continue;
                }
                double base = (i * 37) % 80;
                samples.add(new MetricSample(names.get(i), at, true, base + random.nextDouble() * 20,
                        30 + (i * 13) % 60 + random.nextDouble() * 5, random.nextDouble() * 4, 4,
                        20.0 + (i * 7) % 79, Map.of("/", 20.0 + (i * 7) % 79), 1e5, 2e5, null));
            }
            metrics.save(samples);
        }
    }

    static void reports(Store store, List<String> names, Instant now) {
        ReportStore reports = new ReportStore(store, Clock.systemUTC());
        for (int k = 20; k >= 1; k--) {
            List<HostResult> hosts = new ArrayList<>(names.size());
            int failed = 0;
            for (int i = 0; i < names.size(); i++) {
                boolean fail = (i + k) % 97 == 0;
                failed += fail ? 1 : 0;
                hosts.add(new HostResult(names.get(i), List.of(
                        new CheckResult("disk", fail ? CheckStatus.FAIL : CheckStatus.PASS, fail ? "97%" : "40%", ""),
                        new CheckResult("load", CheckStatus.PASS, "0.4", ""))));
            }
            Instant at = now.minus(Duration.ofHours(k));
            int n = names.size();
            reports.save(new Report("nightly-" + k, "nightly", at, at.plusSeconds(30), hosts,
                    new Summary(n * 2, n * 2 - failed, 0, failed, n - failed, 0, failed), null), Map.of());
        }
    }

    static void schedules(Store store) {
        for (int i = 1; i <= 20; i++) {
            store.schedules().save(Schedule.of("inspect-" + i, "0 " + (i % 24) + " * * *", "UTC",
                    Map.of("selector", "@web", "command", "uptime"), MisfirePolicy.SKIP, OverlapPolicy.FORBID)
                    .disabled());
        }
    }
}
