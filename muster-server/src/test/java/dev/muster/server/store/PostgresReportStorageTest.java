package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.testing.ManualClock;
import dev.muster.server.testing.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A report's body is read whole on every report page: on PostgreSQL it is stored out of line and
 * uncompressed (storage EXTERNAL), so no read pays for pglz decompression (schema version 9).
 */
class PostgresReportStorageTest {

    @Test
    void reportBodiesAreStoredUncompressed() throws Exception {
        try (Database db = PostgresServer.shared().freshDatabase()) {
            Store.open(db, new ManualClock("2026-12-07T18:00:00Z"), RunOutput.DEFAULT_CHUNK_CHARS, 1_000);
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT attstorage FROM pg_attribute "
                         + "WHERE attrelid = 'reports'::regclass AND attname = 'body'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("e"); // EXTERNAL: out of line, never compressed
            }
        }
    }
}
