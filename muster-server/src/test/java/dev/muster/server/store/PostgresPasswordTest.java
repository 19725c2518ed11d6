package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the PostgreSQL password comes from when the URL has none; the .pgpass rules are libpq's. */
class PostgresPasswordTest {
    @TempDir
    Path home;

    private Path pgpass(String text) throws Exception {
        Path f = home.resolve(".pgpass");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private PostgresPassword.Sources sources(Path file, Map<String, String> env) {
        return new PostgresPassword.Sources(file, env, home);
    }

    @Test
    void aPasswordFileWinsOverTheEnvironmentAndPgpass() throws Exception {
        pgpass("*:*:*:*:from-pgpass\n");
        Path file = home.resolve("pw");
        Files.writeString(file, "from-file\r\nsecond line ignored\n");
        assertThat(PostgresPassword.resolve("db", 5432, "muster", "muster",
                sources(file, Map.of("PGPASSWORD", "from-env")))).contains("from-file");
        assertThat(PostgresPassword.resolve("db", 5432, "muster", "muster",
                sources(null, Map.of("PGPASSWORD", "from-env")))).contains("from-env");
        assertThat(PostgresPassword.resolve("db", 5432, "muster", "muster", sources(null, Map.of())))
                .contains("from-pgpass");
    }

    @Test
    void pgpassTakesTheFirstLineMatchingHostPortDatabaseAndUser() throws Exception {
        pgpass("""
                # comment
                other:5432:muster:muster:wrong-host
                db:5433:muster:muster:wrong-port
                db:5432:*:ops:wrong-user
                db:5432:muster:muster:p\\:w\\\\x:y
                *:*:*:*:fallback
                """);
        assertThat(PostgresPassword.resolve("db", 5432, "muster", "muster", sources(null, Map.of())))
                .contains("p:w\\x:y");
        assertThat(PostgresPassword.resolve("db", 5432, "other", "ops", sources(null, Map.of())))
                .contains("wrong-user");
        assertThat(PostgresPassword.resolve("elsewhere", 1, "x", "y", sources(null, Map.of()))).contains("fallback");
    }

    @Test
    void pgpassFileFromTheEnvironmentAndNoneAnywhereIsNoPassword() throws Exception {
        Path elsewhere = home.resolve("my-pgpass");
        Files.writeString(elsewhere, "*:*:*:*:from-pgpassfile\n");
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-------"));
        assertThat(PostgresPassword.resolve("db", 5432, "m", "m",
                sources(null, Map.of("PGPASSFILE", elsewhere.toString())))).contains("from-pgpassfile");
        assertThat(PostgresPassword.resolve("db", 5432, "m", "m", sources(null, Map.of()))).isEmpty();
    }

    @Test
    void aPgpassOthersCanReadIsIgnored() throws Exception {
        Path f = pgpass("*:*:*:*:exposed\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PostgresPassword.resolve("db", 5432, "m", "m", sources(null, Map.of()))).isEmpty();
    }

    @Test
    void anEmptyOrMissingPasswordFileIsAnInputError() throws Exception {
        Path empty = home.resolve("empty");
        Files.writeString(empty, "\n");
        assertThatThrownBy(() -> PostgresPassword.resolve("db", 5432, "m", "m", sources(empty, Map.of())))
                .isInstanceOf(InputException.class).hasMessageContaining(empty.toString())
                .hasMessageContaining("password on the first line");
        assertThatThrownBy(() -> PostgresPassword.resolve("db", 5432, "m", "m",
                sources(home.resolve("missing"), Map.of()))).isInstanceOf(InputException.class)
                .hasMessageContaining("cannot read the PostgreSQL password file");
    }
}
