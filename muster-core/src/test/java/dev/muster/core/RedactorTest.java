package dev.muster.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void occurrencesMarkEveryCharacterOfEverySecretIncludingOverlaps() {
        Redactor r = Redactor.of(List.of("abcab", "cab", "zz"));
        BitSet marked = r.occurrences("xabcabcab-cab");
        assertThat(marked.get(0)).isFalse();
        assertThat(marked.nextClearBit(1)).isEqualTo(9);
        assertThat(marked.get(9)).isFalse();
        assertThat(marked.get(10, 13).cardinality()).isEqualTo(3);
        assertThat(r.redact("zz")).isEqualTo("zz");
    }

    @Test
    void noSecretsMarkNothing() {
        assertThat(Redactor.none().occurrences("anything").isEmpty()).isTrue();
        assertThat(Redactor.of(List.of("secret")).occurrences(null).isEmpty()).isTrue();
    }
}
