package dev.muster.server.http;

import dev.muster.server.testing.Backend;
import dev.muster.server.testing.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The fuzzer on PostgreSQL, which refuses some text SQLite stores (NUL characters). */
class JsonFuzzPostgresTest extends JsonFuzzContract implements Backend.OnPostgres {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        startOn(PostgresServer.shared().freshDatabase(), dir, 36); // fewer: each case costs PostgreSQL more
    }
}
