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
    void postgresqlUrlsKeepThePasswordOutOfTheirName() {
        for (String url : new String[] {"postgresql://muster:s%40cret@db.example:5433/muster?sslmode=require",
                "postgres://muster:s%40cret@db.example:5433/muster", "jdbc:postgresql://muster:s%40cret@db.example:5433/muster"}) {
            Database db = Database.of(url, tmp);
            assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(db.toString()).isEqualTo("postgresql://db.example:5433/muster").doesNotContain("cret");
        }
    }

    @Test
    void otherUrlsAreInputErrors() {
        assertThatThrownBy(() -> Database.of("mysql://db/muster", tmp)).isInstanceOf(InputException.class)
                .hasMessageContaining("expected a postgresql://");
        assertThatThrownBy(() -> Database.of("postgresql://", tmp)).isInstanceOf(InputException.class)
                .hasMessageContaining("expected postgresql://user:password@host:port/database");
    }
}
