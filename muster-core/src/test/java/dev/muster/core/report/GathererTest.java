package dev.muster.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GathererTest {

    private static Outcome ok(String host, String out) {
        return new Outcome(host, Status.OK, null, 0, null, out, "", "", 1, 5, null);
    }

    private static Outcome refused(String host) {
        return new Outcome(host, Status.UNREACHABLE, FailureKind.CONNECT_REFUSED, null, null, "", "",
                "connect to " + host + ": connection refused", 3, 5, null);
    }

    @Test
    void identicalOutputIsFoldedLargestGroupFirst() {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= 18; i++) {
            outcomes.add(ok(String.format("web%02d", i), "6.1.0-28-amd64\n"));
        }
        outcomes.add(ok("web19", "6.1.0-25-amd64\n"));
        outcomes.add(refused("db2"));
        outcomes.add(refused("db1"));
        outcomes.add(new Outcome("web20", Status.FAILED, FailureKind.COMMAND_FAILED, 2, null, "", "bad\n",
                "exit code 2", 1, 5, null));

        List<OutputGroup> groups = Gatherer.gather(outcomes);

        assertThat(groups).extracting(g -> g.hosts().fold())
                .containsExactly("web[01-18]", "db[1-2]", "web19", "web20");
        assertThat(groups.get(0).stdout()).isEqualTo("6.1.0-28-amd64\n");
        assertThat(groups.get(1).kind()).isEqualTo(FailureKind.CONNECT_REFUSED);
        assertThat(groups.get(1).messages()).hasSize(2);
        assertThat(groups.get(3).exitCode()).isEqualTo(2);
    }

    @Test
    void sameOutputWithDifferentExitCodesIsNotFolded() {
        List<OutputGroup> groups = Gatherer.gather(List.of(ok("a1", "x\n"),
                new Outcome("a2", Status.FAILED, FailureKind.COMMAND_FAILED, 1, null, "x\n", "", "", 1, 1, null)));
        assertThat(groups).hasSize(2);
    }

    @Test
    void recapCountsEveryStatusAndFoldsFailuresByKind() {
        Recap recap = Recap.of(List.of(ok("web1", ""), ok("web2", ""), refused("db1"), refused("db2"),
                Outcome.skipped("web3", FailureKind.DEADLINE_EXCEEDED, "not started")));
        assertThat(recap.total()).isEqualTo(5);
        assertThat(recap.count(Status.OK)).isEqualTo(2);
        assertThat(recap.count(Status.UNREACHABLE)).isEqualTo(2);
        assertThat(recap.count(Status.SKIPPED)).isEqualTo(1);
        assertThat(recap.count(Status.FAILED)).isZero();
        assertThat(recap.byKind().get(FailureKind.CONNECT_REFUSED).fold()).isEqualTo("db[1-2]");
        assertThat(recap.allSucceeded()).isFalse();
    }
}
