package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.store.StepMark;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schema V2: plan journal, approvals, state, grants and sessions, on each backend. */
abstract class ServeContract extends StoreTestBase {

    @Test
    void aPlanRunsJournalReadsBackInOrderAndSurvivesAReopen() {
        begin(store, "r1");
        store.runs().mark("r1", StepMark.started(1, 0, "web01"));
        store.runs().mark("r1", StepMark.done(1, 0, "web01", "changed", "out"));
        store.runs().mark("r1", StepMark.batchDone(1));
        store.runs().finish("r1", 1, java.util.Map.of());
        store.runs().reopen("r1");
        assertThat(reopen().runs().marks("r1")).containsExactly(StepMark.started(1, 0, "web01"),
                StepMark.done(1, 0, "web01", "changed", "out"), StepMark.batchDone(1));
        assertThat(store.runs().get("r1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThatThrownBy(() -> store.runs().reopen("nope")).hasMessageContaining("not in the store");
    }

    @Test
    void anApprovalIsPendingUntilApprovedOnce() {
        begin(store, "r1");
        assertThat(store.runs().approve("r1", "ann")).isFalse();
        store.runs().requestApproval("r1", "step-1-batch-1", "go?");
        store.runs().requestApproval("r1", "step-1-batch-1", "go?");
        assertThat(store.runs().pendingApproval("r1")).hasValueSatisfying(a -> assertThat(a.key()).isEqualTo("step-1-batch-1"));
        assertThat(store.runs().approved("r1", "step-1-batch-1")).isFalse();
        assertThat(store.runs().approve("r1", "ann")).isTrue();
        assertThat(store.runs().approved("r1", "step-1-batch-1")).isTrue();
        assertThat(store.runs().pendingApproval("r1")).isEmpty();
    }

    @Test
    void stateKeepsTheLastValue() {
        assertThat(store.runs().state("colour")).isNull();
        store.runs().state("colour", "blue");
        store.runs().state("colour", "green");
        assertThat(store.runs().state("colour")).isEqualTo("green");
    }

    @Test
    void grantsReplaceTheRoleInAnEnvironment() {
        store.grants().grant("ann", "prod", "viewer");
        store.grants().grant("ann", "prod", "operator");
        store.grants().grant("ann", "*", "viewer");
        assertThat(store.grants().of("ann")).containsExactly(new Grants.Grant("ann", "*", "viewer"),
                new Grants.Grant("ann", "prod", "operator"));
        assertThat(store.grants().revoke("ann", "prod")).isTrue();
        assertThat(store.grants().revoke("ann", "prod")).isFalse();
    }

    @Test
    void aSessionOpensByItsCookieOnlyUntilItExpiresOrCloses() throws Exception {
        Sessions.Opened a = store.sessions().open("ann", Duration.ofMinutes(10));
        assertThat(store.sessions().find(a.cookie())).hasValueSatisfying(s -> {
            assertThat(s.user()).isEqualTo("ann");
            assertThat(s.csrf()).isNotBlank().isNotEqualTo(a.cookie());
        });
        assertThat(store.sessions().find(a.cookie() + "x")).isEmpty();
        List<String> stored = new java.util.ArrayList<>();
        try (var c = db.connect(); var rs = c.createStatement().executeQuery("SELECT id_hash FROM sessions")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        assertThat(stored).doesNotContain(a.cookie());
        clock.advance(Duration.ofMinutes(11));
        assertThat(store.sessions().find(a.cookie())).isEmpty();
        Sessions.Opened b = store.sessions().open("ann", Duration.ofMinutes(10));
        store.sessions().close(b.cookie());
        assertThat(store.sessions().find(b.cookie())).isEmpty();
    }
}
