package dev.muster.server.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PostgresServerGateTest {
    @Test
    void withoutPostgresTheTestsAreSkippedWithTheReason() {
        assertThatThrownBy(() -> PostgresServer.gate("no PostgreSQL binaries", Map.of()))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("no PostgreSQL binaries")
                .hasMessageContaining("postgresql package");
    }

    @Test
    void whenCiRequiresPostgresItsAbsenceFailsTheTests() {
        assertThatThrownBy(() -> PostgresServer.gate("no PostgreSQL binaries", Map.of("MUSTER_REQUIRE_POSTGRES", "1")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("MUSTER_REQUIRE_POSTGRES=1 but no PostgreSQL binaries");
    }
}
