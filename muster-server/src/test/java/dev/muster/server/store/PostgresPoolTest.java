package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.server.testing.ManualClock;
import dev.muster.server.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL pool against the real server: reuse, passwords from their sources, waits and timeouts. */
class PostgresPoolTest {
    @TempDir
    Path tmp;

    @Test
    void manyUnitsOfWorkFromManyThreadsOpenNoMoreConnectionsThanThePoolHolds() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String name = pg.freshDatabaseName();
        PoolSettings pool = PoolSettings.DEFAULTS.withMaxSize(3);
        try (Database db = Database.postgresql(pg.url(name), pool, (Path) null)) {
            Store store = Store.open(db, new ManualClock("2026-11-27T10:00:00Z"), RunOutput.DEFAULT_CHUNK_CHARS, 1_000);
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            store.runs().enqueue(new RunRequest("run", "@all", "true", Map.of("command", "true"), null,
                                    "test", null));
                            store.queue().countByStatus();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(store.queue().countByStatus().get(RunStatus.QUEUED)).isEqualTo(400);
            assertThat(db.poolState().acquired()).isGreaterThan(800);
            assertThat(db.poolState().total()).isLessThanOrEqualTo(3);
        }
        assertThat(pg.connectionsOpened(name)).isBetween(1L, 3L);
    }

    @Test
    void thePasswordComesFromAFileTheEnvironmentOrPgpassNotOnlyTheUrl() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String url = "postgresql://" + PostgresServer.PASSWORD_USER + "@127.0.0.1:" + pg.port() + "/postgres";
        Path file = tmp.resolve("pw");
        Files.writeString(file, PostgresServer.PASSWORD + "\n");
        Path pgpass = tmp.resolve(".pgpass");
        Files.writeString(pgpass, "127.0.0.1:" + pg.port() + ":postgres:" + PostgresServer.PASSWORD_USER + ":"
                + PostgresServer.PASSWORD.replace("\\", "\\\\").replace(":", "\\:") + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        for (PostgresPassword.Sources sources : List.of(new PostgresPassword.Sources(file, Map.of(), tmp.resolve("none")),
                new PostgresPassword.Sources(null, Map.of("PGPASSWORD", PostgresServer.PASSWORD), tmp.resolve("none")),
                new PostgresPassword.Sources(null, Map.of(), tmp))) {
            try (Database db = Database.postgresql(url, PoolSettings.DEFAULTS, sources)) {
                assertThat(currentUser(db)).isEqualTo(PostgresServer.PASSWORD_USER);
                assertThat(db.toString()).doesNotContain(PostgresServer.PASSWORD);
            }
        }
        PoolSettings quick = PoolSettings.DEFAULTS.withConnectionTimeout(Duration.ofSeconds(1));
        try (Database none = Database.postgresql(url, quick, new PostgresPassword.Sources(null, Map.of(),
                tmp.resolve("none")))) {
            assertThatThrownBy(() -> currentUser(none)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(Database.unavailable(e)).isTrue());
        }
    }

    @Test
    void aThreadThatWaitsForABusyPoolIsCountedAndWarnedAboutInTheLog() throws Exception {
        List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(PoolWatch.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try (Database db = PostgresServer.shared().freshDatabase(PoolSettings.DEFAULTS.withMaxSize(1))) {
            Connection held = db.connect();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try (Connection c = db.connect()) {
                    c.isValid(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 2_000 && db.poolState().waiting() == 0; i++) {
                Thread.sleep(5); // until the waiter queues
            }
            assertThat(db.poolState().waiting()).isOne();
            held.close();
            waiter.join(Duration.ofSeconds(10));
            assertThat(waiter.isAlive()).isFalse();
            assertThat(db.poolState().waited()).isOne();
            assertThat(db.poolState().timeouts()).isZero();
        } finally {
            log.removeHandler(handler);
        }
        assertThat(logged).filteredOn(r -> r.getLevel() == Level.WARNING)
                .extracting(LogRecord::getMessage).anySatisfy(m -> assertThat(m)
                        .contains("1 request waited for a store connection").contains("all 1 connections")
                        .contains("--store-pool-size"));
    }

    @Test
    void noFreeConnectionWithinTheTimeoutFailsAsUnavailableWithoutMarkingTheDatabaseDown() throws Exception {
        PoolSettings one = new PoolSettings(1, 0, Duration.ofMillis(250), Duration.ZERO, Duration.ZERO);
        try (Database db = PostgresServer.shared().freshDatabase(one); Connection held = db.connect()) {
            assertThatThrownBy(db::connect).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(Database.unavailable(e)).isTrue());
            assertThat(db.poolState().timeouts()).isOne();
            assertThat(db.poolState().down()).isNull();
            assertThat(held.isValid(1)).isTrue();
        }
    }

    private static String currentUser(Database db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
