package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T00:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void fiveFailuresInTheWindowStopAUserAtThatAddressUntilTheOldestLeavesIt() {
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 5; i++) {
            assertThat(t.wait("bob", "10.0.0.1")).isZero();
            t.failed("bob", "10.0.0.1");
            advance(Duration.ofMinutes(1));
        }
        assertThat(t.wait("bob", "10.0.0.1")).isEqualTo(Duration.ofMinutes(10)); // first failure + 15 min
        assertThat(t.wait("carol", "10.0.0.1")).isZero();
        advance(Duration.ofMinutes(10));
        assertThat(t.wait("bob", "10.0.0.1")).isZero();
    }

    @Test
    void guessesFromElsewhereNeverLockTheRealUserOut() {
        LoginThrottle t = new LoginThrottle(clock);
        for (int address = 1; address <= 200; address++) {
            for (int i = 0; i < 5; i++) {
                t.failed("bob", "10.1.0." + address);
            }
        }
        assertThat(t.wait("bob", "10.1.0.7")).isPositive();
        assertThat(t.wait("bob", "192.168.1.20")).isZero(); // bob at his own desk
    }

    @Test
    void anAddressIsStoppedAfterTwentyFailuresWhateverTheNamesAndASuccessClearsOnlyItsUser() {
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 20; i++) {
            t.failed("user" + i, "10.0.0.9");
        }
        assertThat(t.wait("someone", "10.0.0.9")).isPositive();
        assertThat(t.wait("someone", "10.0.0.8")).isZero();
        for (int i = 0; i < 5; i++) {
            t.failed("dave", "10.0.0.7");
        }
        assertThat(t.wait("dave", "10.0.0.7")).isPositive();
        t.succeeded("dave", "10.0.0.7");
        assertThat(t.wait("dave", "10.0.0.7")).isZero();
    }
}
