package dev.muster.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet page's search and filters, and the links that keep them. */
class FleetFilterTest {
    static final Host DB = new Host("db01", SshOptions.of("127.0.0.1", 22), Map.of("role", "primary", "rack", "r7"),
            List.of("db", "backup"), "prod", Map.of());
    static final Host WEB = new Host("web01", SshOptions.of("127.0.0.1", 22), Map.of(), List.of("web"), null, Map.of());

    private static FleetFilter filter(String q, String env, String group) {
        return new FleetFilter(q, env, group, "", 0);
    }

    @Test
    void searchWordsMustEachMatchTheNameEnvironmentAGroupOrALabel() {
        assertThat(filter("db", "", "").matches(DB)).isTrue();
        assertThat(filter("DB01", "", "").matches(DB)).as("case-insensitive").isTrue();
        assertThat(filter("role=primary", "", "").matches(DB)).isTrue();
        assertThat(filter("r7 backup", "", "").matches(DB)).as("every word, anywhere").isTrue();
        assertThat(filter("r7 web", "", "").matches(DB)).isFalse();
        assertThat(filter("prod", "", "").matches(DB)).isTrue();
        assertThat(filter("db", "", "").matches(WEB)).isFalse();
        assertThat(filter("default", "", "").matches(WEB)).as("no environment reads as default").isTrue();
    }

    @Test
    void environmentAndGroupAreExact() {
        assertThat(filter("", "prod", "").matches(DB)).isTrue();
        assertThat(filter("", "pro", "").matches(DB)).isFalse();
        assertThat(filter("", "default", "").matches(WEB)).isTrue();
        assertThat(filter("", "", "backup").matches(DB)).isTrue();
        assertThat(filter("", "", "back").matches(DB)).isFalse();
        assertThat(filter("", "prod", "web").matches(WEB)).isFalse();
    }

    @Test
    void linksKeepEveryFilterEncodedAndEscaped() {
        FleetFilter f = new FleetFilter("role=primary r7", "prod", "", "up", 3);
        assertThat(f.link("up", 4)).isEqualTo("/?q=role%3Dprimary+r7&amp;env=prod&amp;state=up&amp;page=4");
        assertThat(f.link("", 0)).as("a state link toggles off; page 0 is left out").isEqualTo(
                "/?q=role%3Dprimary+r7&amp;env=prod");
        assertThat(new FleetFilter("", "", "", "", 0).link("", 0)).isEqualTo("/");
        assertThat(new FleetFilter("\"><script>", "", "", "", 0).link("", 0)).doesNotContain("<").doesNotContain("\"");
        assertThat(FleetFilter.labels(DB.labels())).containsExactly("rack=r7", "role=primary");
    }
}
