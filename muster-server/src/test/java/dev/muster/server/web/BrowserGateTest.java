package dev.muster.server.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Without chromium the browser test is skipped, unless CI says it must run. */
class BrowserGateTest {
    private static final Path NONE = Path.of("/nonexistent/chromium");

    @Test
    void missingBrowserSkipsTheTest() {
        assertThatThrownBy(() -> Browser.gate(Map.of(), NONE, NONE)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install chromium chromium-driver");
    }

    @Test
    void missingBrowserFailsTheTestWhenRequired() {
        assertThatThrownBy(() -> Browser.gate(Map.of(Browser.REQUIRE_ENV, "1"), NONE, NONE))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("MUSTER_REQUIRE_BROWSER=1");
    }
}
