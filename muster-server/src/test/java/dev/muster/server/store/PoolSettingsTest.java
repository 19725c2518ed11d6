package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    private static final Duration S = Duration.ofSeconds(1);

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(PoolSettings.DEFAULTS).isEqualTo(new PoolSettings(10, 2, Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMinutes(30)));
    }

    @Test
    void outOfRangeValuesNameTheirServerOption() {
        assertThatThrownBy(() -> new PoolSettings(0, 0, S, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(InputException.class).hasMessageContaining("--store-pool-size");
        assertThatThrownBy(() -> new PoolSettings(4, 5, S, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(InputException.class).hasMessageContaining("--store-pool-min-idle");
        assertThatThrownBy(() -> new PoolSettings(4, 1, Duration.ofMillis(100), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(InputException.class).hasMessageContaining("--store-connection-timeout")
                .hasMessageContaining("at least 250ms");
        assertThatThrownBy(() -> new PoolSettings(4, 1, S, Duration.ofSeconds(2), Duration.ZERO))
                .isInstanceOf(InputException.class).hasMessageContaining("--store-idle-timeout");
        assertThatThrownBy(() -> new PoolSettings(4, 1, S, Duration.ZERO, Duration.ofSeconds(5)))
                .isInstanceOf(InputException.class).hasMessageContaining("--store-max-lifetime");
        assertThat(new PoolSettings(1, 0, Duration.ofMillis(250), Duration.ZERO, Duration.ZERO).maxSize()).isOne();
    }
}
