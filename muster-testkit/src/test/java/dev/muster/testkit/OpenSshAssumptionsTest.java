package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class OpenSshAssumptionsTest {

    @Test
    void passesWhenSshdCanRun() {
        assertThatCode(() -> OpenSshAssumptions.gate(Optional.empty(), Map.of("MUSTER_REQUIRE_SSHD", "1")))
                .doesNotThrowAnyException();
    }

    @Test
    void skipsWithTheReasonWhenSshdCannotRun() {
        assertThatThrownBy(() -> OpenSshAssumptions.gate(Optional.of("no sshd"), Map.of()))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("no sshd");
    }

    @Test
    void failsInsteadOfSkippingWhenCiRequiresSshd() {
        assertThatThrownBy(() -> OpenSshAssumptions.gate(Optional.of("no sshd"), Map.of("MUSTER_REQUIRE_SSHD", "1")))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("no sshd");
    }
}
