package dev.muster.server.inspect;

import static dev.muster.server.inspect.CheckStatus.FAIL;
import static dev.muster.server.inspect.CheckStatus.PASS;
import static dev.muster.server.inspect.CheckStatus.WARN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangesTest {
    private static HostResult host(String name, CheckResult... checks) {
        return new HostResult(name, List.of(checks));
    }

    private static CheckResult check(String name, CheckStatus status) {
        return new CheckResult(name, status, null, status == PASS ? "" : name + " is " + status.key());
    }

    @Test
    void newFailuresRecoveredAndStillFailingAreTold() {
        Map<String, Map<String, CheckStatus>> before = Map.of(
                "web1", Map.of("disk", FAIL, "svc", PASS, "log", WARN),
                "web2", Map.of("disk", FAIL, "svc", FAIL));
        List<HostResult> now = List.of(
                host("web1", check("disk", FAIL), check("svc", FAIL), check("log", FAIL)),
                host("web2", check("disk", PASS), check("svc", WARN)),
                host("web3", check("disk", FAIL)));

        Changes c = Changes.between("r1", before, now);

        assertThat(c.previousId()).isEqualTo("r1");
        assertThat(c.newFailures()).extracting(ch -> ch.host() + " " + ch.check() + " " + ch.previous())
                .containsExactly("web1 svc PASS", "web1 log WARN", "web3 disk null");
        assertThat(c.stillFailing()).extracting(ch -> ch.host() + " " + ch.check()).containsExactly("web1 disk");
        assertThat(c.recovered()).extracting(ch -> ch.host() + " " + ch.check() + " " + ch.status())
                .containsExactly("web2 disk PASS", "web2 svc WARN");
    }

    @Test
    void aHostReachableAgainHasRecoveredAndItsChecksAreNewWhenFailing() {
        Changes c = Changes.between("r1", Map.of("web1", Map.of(Inspector.REACHABLE, FAIL)),
                List.of(host("web1", check("disk", FAIL))));
        assertThat(c.recovered()).extracting(Change::check).containsExactly(Inspector.REACHABLE);
        assertThat(c.newFailures()).extracting(Change::check).containsExactly("disk");
    }

    @Test
    void nothingFailingTwiceIsNoChange() {
        Changes c = Changes.between("r1", Map.of("web1", Map.of("disk", PASS)), List.of(host("web1",
                check("disk", WARN))));
        assertThat(c.isEmpty()).isTrue();
    }
}
