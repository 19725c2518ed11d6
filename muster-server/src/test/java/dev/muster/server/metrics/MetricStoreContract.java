package dev.muster.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.store.Database;
import dev.muster.server.store.Store;
import dev.muster.server.testing.Backend;
import dev.muster.server.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metric samples on every backend. */
abstract class MetricStoreContract implements Backend {
    @TempDir
    Path tmp;
    final ManualClock clock = new ManualClock("2026-11-27T10:00:00Z");
    Database db;
    MetricStore metrics;

    @BeforeEach
    void open() {
        db = newDatabase(tmp);
        metrics = new MetricStore(Store.open(db, clock), clock);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    static MetricSample sample(String host, Instant at, double cpu) {
        return new MetricSample(host, at, true, cpu, 50.0, 0.5, 2, 70.0, Map.of("/", 70.0, "/var", 12.5), 1000.0,
                2000.0, null);
    }

    @Test
    void latestPerHostOfTwoThousandHostsIsTheNewestRoundOfEach() {
        Instant t0 = clock.instant();
        for (int round = 0; round < 3; round++) {
            List<MetricSample> samples = new ArrayList<>();
            for (int h = 0; h < 2000; h++) {
                samples.add(sample(String.format("host%04d", h), t0.plusSeconds(60L * round), round));
            }
            metrics.save(samples);
        }
        // a late, older round must not replace the newest
        metrics.save(List.of(sample("host0007", t0.minusSeconds(60), 99)));

        List<MetricSample> latest = metrics.latest();
        assertThat(latest).hasSize(2000);
        assertThat(latest).allSatisfy(s -> {
            assertThat(s.at()).isEqualTo(t0.plusSeconds(120));
            assertThat(s.cpuPercent()).isEqualTo(2.0);
        });
        assertThat(latest.getFirst()).isEqualTo(sample("host0000", t0.plusSeconds(120), 2));
    }

    @Test
    void seriesIsOneHostsSamplesBetweenTwoTimesOldestFirst() {
        Instant t0 = clock.instant();
        for (int i = 0; i < 10; i++) {
            metrics.save(List.of(sample("web1", t0.plusSeconds(60L * i), i), sample("web2", t0.plusSeconds(60L * i), 0)));
        }
        metrics.save(List.of(MetricSample.down("web1", t0.plusSeconds(600), "connection refused")));

        List<MetricSample> series = metrics.series("web1", t0.plusSeconds(120), t0.plusSeconds(600));
        assertThat(series).extracting(MetricSample::cpuPercent).containsExactly(2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0,
                null);
        assertThat(series.getLast()).isEqualTo(MetricSample.down("web1", t0.plusSeconds(600), "connection refused"));
    }

    @Test
    void retentionDeletesOldSamplesAndHostsNoLongerSampled() {
        Instant t0 = clock.instant();
        metrics.save(List.of(sample("web1", t0, 1), sample("gone", t0, 1)));
        clock.advance(Duration.ofDays(8));
        metrics.save(List.of(sample("web1", clock.instant(), 2)));

        assertThat(metrics.deleteOlderThan(Duration.ofDays(7))).isEqualTo(2);
        assertThat(metrics.latest()).extracting(MetricSample::host).containsExactly("web1");
        assertThat(metrics.series("web1", t0, clock.instant())).hasSize(1);
    }
}
