package dev.muster.probe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Rates from two snapshots, on fixture output with counters advanced by hand. */
class RatesTest {

    @Test
    void ratesUseTheHostsUptimeAsClockAndSkipLoopbackPartitionsAndDm() {
        String before = Fixtures.output("linux-4.19");
        // two seconds later: sda read 2048 sectors in 10 reads; ens3 received 1,000,000 bytes;
        // lo, sda1 and dm-0 also moved but must not count
        String after = before.replace("1234567.89", "1234569.89")
                .replace("8       0 sda 1412345 23456 98765432", "8       0 sda 1412355 23456 98767480")
                .replace("sda1 1412000 23456 98760000", "sda1 1412010 23456 98762048")
                .replace("dm-0 1400000 0 98700000", "dm-0 1400010 0 98702048")
                .replace("ens3: 9876543210", "ens3: 9877543210")
                .replace("lo: 12345678", "lo: 99345678")
                .replace("cpu  2255316 3412 741200 93123456 40213", "cpu  2255466 3412 741200 93123806 40213");
        HostMetrics m = Rates.between("h", SampleScript.all().parse(before, 0), SampleScript.all().parse(after, 0));
        assertThat(m.diskReadBps()).isCloseTo(2048 * 512 / 2.0, within(1e-6));
        assertThat(m.readIops()).isCloseTo(5.0, within(1e-9));
        assertThat(m.diskWriteBps()).isZero();
        assertThat(m.netRxBps()).isCloseTo(500_000.0, within(1e-6));
        assertThat(m.netTxBps()).isZero();
        assertThat(m.cpuPercent()).isCloseTo(30.0, within(1e-9));   // 150 busy of 500 ticks
        assertThat(m.load1()).isEqualTo(0.42);
        assertThat(m.memPercent()).isCloseTo(100.0 * (8167848 - 5123456) / 8167848, within(1e-9));
        assertThat(m.diskPercent()).isCloseTo(100.0 * 9700000 / (9700000 + 15108), within(1e-9));
        assertThat(m.fullestMount()).isEqualTo("/srv/data dir");
    }

    @Test
    void oneSnapshotGivesLevelsButNoRates() {
        HostMetrics m = Rates.between("h", null, Fixtures.snapshot("linux-2.6.9"));
        assertThat(m.cpuPercent()).isNull();
        assertThat(m.netRxBps()).isNull();
        assertThat(m.memEstimated()).isTrue();
        assertThat(m.diskPercent()).isCloseTo(100.0 * 16910200 / (16910200 + 313252), within(1e-9));
        assertThat(m.uptimeSeconds()).isEqualTo(4505317.21);
    }

    @Test
    void countersThatGoBackwardsDoNotMakeNegativeRates() {
        Snapshot before = Fixtures.snapshot("linux-3.10");
        String wrapped = Fixtures.output("linux-3.10").replace("eth0: 2776770134", "eth0: 1000")
                .replace("86420.03", "86421.03");
        HostMetrics m = Rates.between("h", before, SampleScript.all().parse(wrapped, 0));
        assertThat(m.netRxBps()).isZero();
    }
}
