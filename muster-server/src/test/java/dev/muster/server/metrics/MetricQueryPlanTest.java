package dev.muster.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.store.Database;
import dev.muster.server.store.Jdbc;
import dev.muster.server.store.Store;
import dev.muster.server.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's plans for the chart queries: index lookups, never a scan of the samples. */
class MetricQueryPlanTest {
    @TempDir
    Path tmp;

    @Test
    void latestAndSeriesReadSamplesThroughThePrimaryKey() throws Exception {
        Database db = Database.sqlite(tmp);
        Store.open(db, new ManualClock("2026-11-27T10:00:00Z"));
        String latest = plan(db, MetricStore.LATEST);
        String series = plan(db, MetricStore.SERIES, "web1", 0L, 9L);
        assertThat(latest).contains("SEARCH s USING INDEX sqlite_autoindex_metric_samples_1 (host=? AND at=?)");
        assertThat(series).contains("SEARCH metric_samples USING INDEX sqlite_autoindex_metric_samples_1 "
                + "(host=? AND at>? AND at<?)").doesNotContain("SCAN metric_samples");
    }

    private static String plan(Database db, String sql, Object... params) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = db.connect(); PreparedStatement ps = Jdbc.prepare(c, "EXPLAIN QUERY PLAN " + sql, params);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sb.append(rs.getString("detail")).append('\n');
            }
        }
        return sb.toString();
    }
}
