package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Selector operators agree with set algebra on random groups. */
class SelectorPropertiesTest {
    private static final List<String> HOSTS = List.of("h1", "h2", "h3", "h4", "h5", "h6");

    private static Inventory inventory(Set<String> a, Set<String> b) {
        List<Host> hosts = new ArrayList<>();
        HOSTS.forEach(h -> hosts.add(Host.of(h, h, 0)));
        return Inventory.of(hosts, Map.of("ga", HostSet.of(a), "gb", HostSet.of(b)));
    }

    @Test
    void operatorsMatchSetAlgebra() {
        qt().withExamples(200).forAll(subsets(), subsets()).checkAssert((a, b) -> {
            Inventory inventory = inventory(a, b);
            HostSet all = inventory.names();
            HostSet sa = HostSet.of(a);
            HostSet sb = HostSet.of(b);
            assertThat(eval("@ga,@gb", inventory)).isEqualTo(sa.union(sb));
            assertThat(eval("@ga&@gb", inventory)).isEqualTo(sa.intersect(sb));
            assertThat(eval("!@ga", inventory)).isEqualTo(all.minus(sa));
            assertThat(eval("@ga,!@gb", inventory)).isEqualTo(sa.minus(sb));
            assertThat(eval("!(@ga,@gb)", inventory)).isEqualTo(eval("!@ga&!@gb", inventory));
            assertThat(eval("!@ga&@gb,@ga", inventory)).isEqualTo(sa.union(sb));
        });
    }

    private static HostSet eval(String text, Inventory inventory) {
        return Selector.parse(text).evaluate(inventory);
    }

    /** Any subset of HOSTS, as a bit mask (shrinks towards the empty set). */
    private static Gen<Set<String>> subsets() {
        return integers().between(0, (1 << HOSTS.size()) - 1).map(mask -> {
            Set<String> subset = new LinkedHashSet<>();
            for (int i = 0; i < HOSTS.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(HOSTS.get(i));
                }
            }
            return subset;
        });
    }
}
