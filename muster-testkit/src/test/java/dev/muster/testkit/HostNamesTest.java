package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostNamesTest {

    @Test
    void padsToTheWidthOfTheCountWithAtLeastTwoDigits() {
        assertThat(HostNames.pad(3, 9)).isEqualTo("03");
        assertThat(HostNames.pad(3, 200)).isEqualTo("003");
        assertThat(HostNames.pad(1200, 2000)).isEqualTo("1200");
    }
}
