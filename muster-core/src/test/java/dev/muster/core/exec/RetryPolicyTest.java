package dev.muster.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffIsFullJitterBelowTheExponentialCeilingAndTheCap() {
        qt().withExamples(1000)
                .forAll(integers().between(1, 40), longs().between(1, 5000), longs().between(1, 60000), longs().all())
                .checkAssert((retry, base, cap, seed) -> {
                    RetryPolicy p = new RetryPolicy(50, Duration.ofMillis(base), Duration.ofMillis(cap));
                    Duration d = p.backoff(retry, new Random(seed));
                    double exp = base * Math.pow(2, retry - 1);
                    assertThat(d.toMillis()).isBetween(0L, (long) Math.min(cap, exp));
                });
    }

    @Test
    void ceilingDoublesUntilTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(p.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.ceiling(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.ceiling(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.ceiling(5)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void onlyRetryableKindsAreRetriedAndOnlyWhileAttemptsRemain() {
        RetryPolicy p = RetryPolicy.retries(2);
        assertThat(p.shouldRetry(FailureKind.CONNECT_REFUSED, 1)).isTrue();
        assertThat(p.shouldRetry(FailureKind.CONNECT_REFUSED, 3)).isFalse();
        assertThat(p.shouldRetry(FailureKind.COMMAND_FAILED, 1)).isFalse();
        assertThat(p.shouldRetry(FailureKind.HOST_KEY_MISMATCH, 1)).isFalse();
        assertThat(p.shouldRetry(null, 1)).isFalse();
        assertThat(RetryPolicy.NONE.shouldRetry(FailureKind.CONNECT_REFUSED, 1)).isFalse();
    }
}
