package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class HostSetPropertiesTest {

    @Property
    void parseOfFoldGivesTheSameSet(@ForAll("hostNameSets") Set<String> names) {
        HostSet set = HostSet.of(names);
        assertThat(HostSet.parse(set.fold())).isEqualTo(set);
    }

    @Property
    void foldOfExpandedRangeRoundTrips(@ForAll @IntRange(min = 0, max = 500) int first,
                                       @ForAll @IntRange(min = 0, max = 300) int length,
                                       @ForAll @IntRange(min = 1, max = 4) int width) {
        String text = "n" + HostRanges.pad(first, width) + "-" + HostRanges.pad(first + length, width);
        HostSet set = HostSet.parse("web[" + text.substring(1) + "].x");
        assertThat(set.size()).isEqualTo(length + 1);
        assertThat(HostSet.parse(set.fold())).isEqualTo(set);
    }

    @Property
    void setOperationsAgreeWithJavaSets(@ForAll("hostNameSets") Set<String> a, @ForAll("hostNameSets") Set<String> b) {
        HostSet x = HostSet.of(a);
        HostSet y = HostSet.of(b);
        assertThat(x.union(y).names()).containsExactlyInAnyOrderElementsOf(union(a, b));
        assertThat(x.intersect(y).size() + x.minus(y).size()).isEqualTo(x.size());
        assertThat(x.minus(y).names()).noneMatch(y::contains);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    @Provide
    Arbitrary<Set<String>> hostNameSets() {
        Arbitrary<String> prefix = Arbitraries.of("web", "db", "r1n", "node-", "x.y", "");
        Arbitrary<String> number = Arbitraries.integers().between(0, 120)
                .flatMap(n -> Arbitraries.of(Integer.toString(n), HostRanges.pad(n, 2), HostRanges.pad(n, 3)));
        Arbitrary<String> suffix = Arbitraries.of("", ".fra", "-a", "b2");
        Arbitrary<String> numbered = Combinators.combine(prefix, number, suffix).as((p, n, s) -> p + n + s);
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(5);
        return Arbitraries.oneOf(numbered, numbered, plain).set().ofMaxSize(60);
    }
}
