package dev.muster.server.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.store.Database;
import dev.muster.server.store.Store;
import dev.muster.server.testing.Backend;
import dev.muster.server.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports, rows and log cursors on every backend. */
abstract class ReportStoreContract implements Backend {
    @TempDir
    Path tmp;
    final ManualClock clock = new ManualClock("2026-11-27T10:00:00Z");
    ReportStore reports;
    Database db;

    @BeforeEach
    void open() {
        db = newDatabase(tmp);
        reports = new ReportStore(Store.open(db, clock), clock);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private Report report(String id, String inspection, Instant at, CheckStatus disk) {
        List<HostResult> hosts = List.of(new HostResult("web1", List.of(new CheckResult("disk", disk, "50", ""),
                new CheckResult("svc", CheckStatus.PASS, "active", ""))));
        return new Report(id, inspection, at, at.plusSeconds(2), hosts, Summary.of(hosts), Changes.none());
    }

    @Test
    void savedReportsReadBackWithTheirRowsNewestFirst() {
        Instant t = clock.instant();
        reports.save(report("a1", "nightly", t, CheckStatus.PASS), Map.of());
        reports.save(report("a2", "nightly", t.plusSeconds(60), CheckStatus.FAIL), Map.of());
        reports.save(report("b1", "hourly", t.plusSeconds(120), CheckStatus.WARN), Map.of());

        assertThat(reports.latestId("nightly")).contains("a2");
        assertThat(reports.latest("nightly").orElseThrow()).isEqualTo(report("a2", "nightly", t.plusSeconds(60),
                CheckStatus.FAIL));
        assertThat(reports.rows("a2")).isEqualTo(Map.of("web1", Map.of("disk", CheckStatus.FAIL, "svc",
                CheckStatus.PASS)));
        assertThat(reports.list(null, 10, 0)).extracting(ReportEntry::id).containsExactly("b1", "a2", "a1");
        assertThat(reports.list("nightly", 1, 1)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("a1");
            assertThat(e.passed()).isEqualTo(2);
            assertThat(e.hosts()).isEqualTo(1);
        });
        assertThat(reports.get("nope")).isEmpty();
        assertThat(reports.latestId("never")).isEmpty();
    }

    @Test
    void cursorsAreSavedWithTheReportAndOverwrittenByTheNext() {
        reports.save(report("a1", "nightly", clock.instant(), CheckStatus.PASS),
                Map.of("web1", Map.of("app.log", new LogCursor("app.log", "11", 100))));
        reports.save(report("a2", "nightly", clock.instant().plusSeconds(1), CheckStatus.PASS),
                Map.of("web1", Map.of("app.log", new LogCursor("app.log", "12", 5)),
                        "web2", Map.of("app.log", new LogCursor("app.log", "11", 7))));
        assertThat(reports.cursors("nightly")).isEqualTo(Map.of(
                "web1", Map.of("app.log", new LogCursor("app.log", "12", 5)),
                "web2", Map.of("app.log", new LogCursor("app.log", "11", 7))));
        assertThat(reports.cursors("hourly")).isEmpty();
    }

    @Test
    void retentionDeletesOldReportsButKeepsEachInspectionsNewest() {
        Instant t = clock.instant();
        reports.save(report("a1", "nightly", t, CheckStatus.PASS), Map.of());
        reports.save(report("a2", "nightly", t.plusSeconds(60), CheckStatus.FAIL), Map.of());
        reports.save(report("b1", "hourly", t, CheckStatus.PASS), Map.of());
        clock.advance(Duration.ofDays(40));

        assertThat(reports.deleteOlderThan(Duration.ofDays(30))).isEqualTo(1);
        assertThat(reports.list(null, 10, 0)).extracting(ReportEntry::id).containsExactlyInAnyOrder("a2", "b1");
        assertThat(reports.rows("a1")).isEmpty();
    }
}
