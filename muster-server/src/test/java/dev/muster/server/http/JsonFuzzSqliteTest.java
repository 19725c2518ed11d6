package dev.muster.server.http;

import dev.muster.server.store.Database;
import dev.muster.server.testing.Backend;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class JsonFuzzSqliteTest extends JsonFuzzContract implements Backend.OnSqlite {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        startOn(Database.sqlite(dir.resolve("data")), dir, 120);
    }
}
