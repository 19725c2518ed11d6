package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path tmp;

    @Test
    void noUrlMeansSqliteInTheDataDirectory() throws Exception {
        Database db = Database.of(null, tmp.resolve("data"));
        assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(db.toString()).isEqualTo(tmp.resolve("data").resolve("muster.db").toString());
        try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void theDataDirectoryIsTheOwnersOnlyAndSoAreTheDatabaseFiles() throws Exception {
        Path data = tmp.resolve("data");
        java.nio.file.Files.createDirectories(data);
        java.nio.file.Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Database db = Database.sqlite(data);
        Store store = Store.open(db, java.time.Clock.systemUTC());
        assertThat(java.nio.file.Files.getPosixFilePermissions(data))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        // the WAL and its index exist while a connection is open (one of our own: the pool has one)
        try (var open = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("muster.db"))) {
            store.audit().append("alice", "run.start", "@web", "ok", null);
            java.util.List<Path> files;
            try (var list = java.nio.file.Files.list(data)) {
                files = list.toList();
            }
            assertThat(files).extracting(p -> p.getFileName().toString()).contains("muster.db", "muster.db-wal");
            for (Path f : files) {
                assertThat(java.nio.file.Files.getPosixFilePermissions(f)).as(f.toString())
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    @Test
    void postgresqlUrlsKeepThePasswordOutOfTheirName() {
        for (String url : new String[] {"postgresql://muster:s%40cret@db.example:5433/muster?sslmode=require",
                "postgres://muster:s%40cret@db.example:5433/muster", "jdbc:postgresql://muster:s%40cret@db.example:5433/muster"}) {
            Database db = Database.of(url, tmp);
            assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(db.toString()).isEqualTo("postgresql://db.example:5433/muster").doesNotContain("cret");
        }
    }

    @Test
    void onlyUrlsWithAPasswordAreFlagged() {
        assertThat(Database.urlHasPassword("postgresql://muster:pw@db/muster")).isTrue();
        assertThat(Database.urlHasPassword("postgresql://muster@db/muster")).isFalse();
        assertThat(Database.urlHasPassword("postgresql://db/muster")).isFalse();
        assertThat(Database.urlHasPassword(null)).isFalse();
    }

    @Test
    void sqliteConnectionsComeFromAPoolAndGoBackOnClose() throws Exception {
        try (Database db = Database.sqlite(tmp.resolve("pooled"))) {
            java.sql.Connection first;
            try (var c = db.connect()) {
                first = c.unwrap(java.sql.Connection.class);
                assertThat(db.poolState().active()).isEqualTo(1);
            }
            assertThat(db.poolState().active()).isZero();
            try (var c = db.connect()) {
                assertThat(c.unwrap(java.sql.Connection.class)).isSameAs(first);
                try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA foreign_keys")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
            assertThat(db.poolState().acquired()).isEqualTo(2);
            assertThat(db.poolSettings().maxSize()).as("one writer").isOne();
        }
    }

    @Test
    void aClosedDatabaseLendsNoConnection() throws Exception {
        Database db = Database.sqlite(tmp.resolve("closed"));
        db.connect().close();
        db.close();
        assertThatThrownBy(db::connect).isInstanceOf(java.sql.SQLException.class);
        Database never = Database.sqlite(tmp.resolve("never"));
        never.close();
        assertThatThrownBy(never::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void otherUrlsAreInputErrors() {
        assertThatThrownBy(() -> Database.of("mysql://db/muster", tmp)).isInstanceOf(InputException.class)
                .hasMessageContaining("expected a postgresql://");
        assertThatThrownBy(() -> Database.of("postgresql://", tmp)).isInstanceOf(InputException.class)
                .hasMessageContaining("expected postgresql://user@host:port/database");
    }
}
