package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class HostRangesTest {

    @Test
    void consecutiveNamesFoldIntoOneRange() {
        assertThat(HostRanges.fold(List.of("web01", "web02", "web03", "web04"))).containsExactly("web[01-04]");
    }

    @Test
    void gapsPrefixesAndWidthsStartNewRuns() {
        assertThat(HostRanges.fold(List.of("web01", "web02", "web04", "db1", "db02", "stage-web01", "stage-web02", "bastion")))
                .containsExactly("web[01-02]", "web04", "db1", "db02", "stage-web[01-02]", "bastion");
    }

    @Test
    void padsToTheWidthOfTheCountWithAtLeastTwoDigits() {
        assertThat(HostRanges.pad(3, 9)).isEqualTo("03");
        assertThat(HostRanges.pad(3, 200)).isEqualTo("003");
        assertThat(HostRanges.pad(1200, 2000)).isEqualTo("1200");
    }
}
