package dev.muster.server.store;

import dev.muster.core.store.RunRecord;
import dev.muster.server.testing.Backend;
import dev.muster.server.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh store per test on the backend a subclass picks (SQLite or PostgreSQL). */
abstract class StoreTestBase implements Backend {
    /** Low, to keep the tests fast; production uses {@link Users#DEFAULT_ITERATIONS}. */
    static final int TEST_ITERATIONS = 1_000;

    @TempDir
    Path tmp;
    final ManualClock clock = new ManualClock("2026-11-27T10:00:00Z");
    Database db;
    Store store;

    @BeforeEach
    void open() {
        db = newDatabase(tmp);
        store = Store.open(db, clock, RunOutput.DEFAULT_CHUNK_CHARS, TEST_ITERATIONS);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    Store reopen() {
        return reopen(RunOutput.DEFAULT_CHUNK_CHARS);
    }

    Store reopen(int chunkChars) {
        return Store.open(db, clock, chunkChars, TEST_ITERATIONS);
    }

    /** Records the start of a run the way the engine does. */
    void begin(Store in, String runId) {
        in.runs().begin(new RunRecord(runId, "run", "@all", "true", "h1", clock.instant(), null, null, null, null,
                null, null));
    }

    void sql(String statement) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
