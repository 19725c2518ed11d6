package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ReferenceToolGateTest {
    @Test
    void withoutTheToolTheTestsAreSkippedNamingThePackage() {
        assertThatThrownBy(() -> ReferenceTool.gate("nodeset is not installed", "clustershell", Map.of()))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("nodeset is not installed")
                .hasMessageContaining("apt-get install clustershell");
    }

    @Test
    void whenCiRequiresTheToolsTheirAbsenceFailsTheTests() {
        assertThatThrownBy(() -> ReferenceTool.gate("promtool is not installed", "prometheus",
                Map.of("MUSTER_REQUIRE_REFERENCE_TOOLS", "1")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("MUSTER_REQUIRE_REFERENCE_TOOLS=1 but promtool is not installed");
    }
}
