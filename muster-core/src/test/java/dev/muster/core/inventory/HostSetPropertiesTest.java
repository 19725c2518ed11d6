package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class HostSetPropertiesTest {

    @Test
    void parseOfFoldGivesTheSameSet() {
        qt().withExamples(1000).forAll(hostNameSets()).checkAssert(names -> {
            HostSet set = HostSet.of(names);
            assertThat(HostSet.parse(set.fold())).isEqualTo(set);
        });
    }

    @Test
    void foldOfExpandedRangeRoundTrips() {
        qt().withExamples(1000).forAll(integers().between(0, 500), integers().between(0, 300), integers().between(1, 4))
                .checkAssert((first, length, width) -> {
                    // a padded range writes both bounds at one width (nodeset refuses 00-100)
                    int w = width == 1 ? 1 : Math.max(width, Integer.toString(first + length).length());
                    String text = "n" + HostRanges.pad(first, w) + "-" + HostRanges.pad(first + length, w);
                    HostSet set = HostSet.parse("web[" + text.substring(1) + "].x");
                    assertThat(set.size()).isEqualTo(length + 1);
                    assertThat(HostSet.parse(set.fold())).isEqualTo(set);
                });
    }

    @Test
    void setOperationsAgreeWithJavaSets() {
        qt().withExamples(1000).forAll(hostNameSets(), hostNameSets()).checkAssert((a, b) -> {
            HostSet x = HostSet.of(a);
            HostSet y = HostSet.of(b);
            assertThat(x.union(y).names()).containsExactlyInAnyOrderElementsOf(union(a, b));
            assertThat(x.intersect(y).size() + x.minus(y).size()).isEqualTo(x.size());
            assertThat(x.minus(y).names()).noneMatch(y::contains);
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    static Gen<Set<String>> hostNameSets() {
        Gen<String> prefix = Generate.pick(List.of("", "web", "db", "r1n", "node-", "x.y"));
        Gen<String> number = integers().between(0, 120).zip(integers().between(1, 3),
                (n, width) -> width == 1 ? Integer.toString(n) : HostRanges.pad(n, width));
        Gen<String> suffix = Generate.pick(List.of("", ".fra", "-a", "b2"));
        Gen<String> numbered = prefix.zip(number, suffix, (p, n, s) -> p + n + s);
        Gen<String> plain = strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 5);
        Gen<String> name = Generate.frequency(List.of(Pair.of(2, numbered), Pair.of(1, plain)));
        return lists().of(name).ofSizeBetween(0, 60).map(l -> (Set<String>) new HashSet<>(l));
    }
}
