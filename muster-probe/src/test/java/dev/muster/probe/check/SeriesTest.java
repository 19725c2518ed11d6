package dev.muster.probe.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Consul-like thresholds and flapping, on probe sequences written out by hand. */
class SeriesTest {
    private static final Probe OK = Probe.pass(5.0, 200);
    private static final Probe BAD = Probe.fail("status 500 (expected 2xx)", 7.0, 500);

    private static CheckReport feed(Thresholds t, Probe... probes) {
        Series s = new Series(t);
        for (Probe p : probes) {
            if (s.done()) {
                break;
            }
            s.add(p);
        }
        return s.report("h");
    }

    private static Thresholds window(int passingAfter, int criticalAfter, int probes) {
        return new Thresholds(passingAfter, criticalAfter, Duration.ofSeconds(1), Duration.ofSeconds(probes - 1));
    }

    @Test
    void withoutAWindowTheFirstDecisionEndsTheSeries() {
        CheckReport r = feed(Thresholds.ONCE, BAD, OK, OK);
        assertThat(r.verdict()).isEqualTo(Verdict.CRITICAL);
        assertThat(r.probes()).isEqualTo(1);
        assertThat(r.reason()).isEqualTo("status 500 (expected 2xx)");
    }

    @Test
    void passingNeedsThatManySuccessesInARow() {
        Thresholds t = new Thresholds(3, 2, Duration.ofMillis(10), null);
        CheckReport r = feed(t, OK, BAD, OK, OK, OK);
        assertThat(r.verdict()).isEqualTo(Verdict.PASSING);
        assertThat(r.probes()).isEqualTo(5);
        assertThat(r.passed()).isEqualTo(4);
    }

    @Test
    void anAlternatingServiceIsFlappingNotOk() {
        CheckReport r = feed(window(1, 1, 6), OK, BAD, OK, BAD, OK, BAD);
        assertThat(r.verdict()).isEqualTo(Verdict.FLAPPING);
        assertThat(r.reason()).isEqualTo("3 of 6 probes passed; last failure: status 500 (expected 2xx)");
    }

    @Test
    void alternationThatNeverReachesAThresholdIsFlappingToo() {
        Thresholds t = new Thresholds(2, 2, Duration.ofMillis(10), null);
        CheckReport r = feed(t, OK, BAD, OK, BAD, OK, BAD, OK, BAD);
        assertThat(r.verdict()).isEqualTo(Verdict.FLAPPING);
        assertThat(r.probes()).isEqualTo(t.probes());
    }

    @Test
    void thresholdsDampASingleBlip() {
        CheckReport r = feed(window(2, 3, 6), OK, OK, BAD, OK, OK, OK);
        assertThat(r.verdict()).isEqualTo(Verdict.PASSING);
        CheckReport down = feed(window(2, 3, 6), BAD, BAD, BAD, OK, BAD, BAD);
        assertThat(down.verdict()).isEqualTo(Verdict.CRITICAL);
    }

    @Test
    void oneRecoveryInTheWindowReportsTheFinalState() {
        CheckReport r = feed(window(1, 1, 4), BAD, BAD, OK, OK);
        assertThat(r.verdict()).isEqualTo(Verdict.PASSING);
    }

    @Test
    void aWindowTooShortForTheThresholdsIsBadInput() {
        assertThatThrownBy(() -> new Thresholds(5, 1, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("--for 2s at --interval 1s allows 3 probe(s), fewer than --passing-after 5");
    }

    @Test
    void p50IsTheMedianLatency() {
        CheckReport r = feed(window(1, 1, 3), Probe.pass(30.0, 200), Probe.pass(10.0, 200), Probe.pass(20.0, 200));
        assertThat(r.latencyP50()).isEqualTo(20.0);
    }
}
