package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.cli.CliResult;
import dev.muster.core.InputException;
import org.junit.jupiter.api.Test;

/** The open-files limit bounds the session pool, and a fan-out it cannot carry is refused up front. */
class FdBudgetTest {

    @Test
    void aForkCountTheLimitCannotCarryIsRefusedNamingTheFlagAndTheLimit() {
        FdBudget budget = new FdBudget(1024, 40);
        budget.check(800);  // 800 sessions + the reserve fit in 1024 - 40
        assertThatThrownBy(() -> budget.check(900)).isInstanceOf(InputException.class)
                .hasMessageContaining("-f 900").hasMessageContaining("1024").hasMessageContaining("ulimit -n")
                .hasMessageContaining("lower -f to " + (1024 - 40 - FdBudget.RESERVE));
    }

    @Test
    void thePoolIsCappedBelowTheLimitButNeverBelowTheFanOut() {
        assertThat(new FdBudget(1024, 40).maxSessions(4096, 50)).isEqualTo(1024 - 40 - FdBudget.RESERVE);
        assertThat(new FdBudget(1_048_576, 40).maxSessions(4096, 50)).isEqualTo(4096);
        assertThat(new FdBudget(300, 40).maxSessions(4096, 100)).isEqualTo(100);
    }

    @Test
    void theLimitOfThisProcessIsRead() {
        FdBudget here = FdBudget.current();
        assertThat(here.limit()).isGreaterThan(here.open());
        assertThat(here.open()).isPositive();
    }

    @Test
    void aRunWithMoreForksThanDescriptorsStopsBeforeAnyHostWithExitTwo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path inventory = dir.resolve("inventory.yaml");
        java.nio.file.Files.writeString(inventory, "hosts:\n  nobody: {address: 127.0.176.251, port: 9}\n");
        int tooMany = (int) Math.min(Integer.MAX_VALUE / 4, FdBudget.current().forSessions() + 1);
        CliResult r = CliResult.run(java.util.List.of("run", "all", "-i", inventory.toString(), "--store",
                dir.resolve("store").toString(), "-f", String.valueOf(tooMany), "--", "true"));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("-f " + tooMany).contains("ulimit -n");
        assertThat(r.out()).doesNotContain("recap");
    }
}
