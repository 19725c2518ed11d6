package dev.muster.server.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitsTest {
    @ParameterizedTest(name = "warn {0}, fail {1}: {2} is {3}")
    @CsvSource(nullValues = "-", value = {
            "90, 95, 0, PASS",
            "90, 95, 89.99, PASS",
            "90, 95, 90, WARN",
            "90, 95, 94.9, WARN",
            "90, 95, 95, FAIL",
            "90, 95, 100, FAIL",
            "-, 95, 94, PASS",
            "-, 95, 95, FAIL",
            "90, -, 1000, WARN",
            "1, 10, 0, PASS",
            "1, 10, 1, WARN",
            "1, 10, 10, FAIL",
            "0, -, 0, WARN",
            "5, 5, 5, FAIL"})
    void judgesAValueAgainstWarnAndFail(Double warn, Double fail, double value, CheckStatus expected) {
        assertThat(new Limits(warn, fail).judge(value)).isEqualTo(expected);
    }
}
