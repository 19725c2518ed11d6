package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Selector operators agree with set algebra on random groups. */
class SelectorPropertiesTest {
    private static final List<String> HOSTS = List.of("h1", "h2", "h3", "h4", "h5", "h6");

    private static Inventory inventory(Set<String> a, Set<String> b) {
        List<Host> hosts = new ArrayList<>();
        HOSTS.forEach(h -> hosts.add(Host.of(h, h, 0)));
        return Inventory.of(hosts, Map.of("ga", HostSet.of(a), "gb", HostSet.of(b)));
    }

    @Property(tries = 200)
    void operatorsMatchSetAlgebra(@ForAll("subsets") Set<String> a, @ForAll("subsets") Set<String> b) {
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
    }

    private static HostSet eval(String text, Inventory inventory) {
        return Selector.parse(text).evaluate(inventory);
    }

    @Provide
    Arbitrary<Set<String>> subsets() {
        return Arbitraries.of(HOSTS).set();
    }
}
