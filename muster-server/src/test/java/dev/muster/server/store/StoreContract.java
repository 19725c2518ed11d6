package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.RunException;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.store.RunRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Migrations and the engine's RunStore interface, on every backend. */
abstract class StoreContract extends StoreTestBase {

    @Test
    void freshDatabaseIsMigratedToTheNewestVersion() {
        Migrator m = new Migrator(new Jdbc(db), Migration.bundled(db.dialect()), clock);
        assertThat(m.currentVersion()).isEqualTo(newestBundled()).isPositive();
        assertThat(store.runs().list(10)).isEmpty();
    }

    @Test
    void migratingAgainChangesNothing() {
        Migrator m = new Migrator(new Jdbc(db), Migration.bundled(db.dialect()), clock);
        assertThat(m.migrate()).isZero();
        reopen();
        assertThat(m.currentVersion()).isEqualTo(newestBundled());
    }

    @Test
    void databaseFromANewerMusterIsRefused() throws SQLException {
        sql("INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (99, 'future', 'x', 0)");
        assertThatThrownBy(this::reopen).isInstanceOf(RunException.class)
                .hasMessageContaining("schema version 99").hasMessageContaining("upgrade muster");
    }

    @Test
    void aVersionSkippedByThisBranchIsAppliedWhenItArrivesLater() throws SQLException {
        // this branch ships the bundled scripts and V(n+2); another branch's V(n+1) arrives with a merge
        int n = newestBundled();
        List<Migration> branch = new java.util.ArrayList<>(Migration.bundled(db.dialect()));
        branch.add(new Migration(n + 2, "this_branch", "CREATE TABLE this_branch (x INTEGER)"));
        assertThat(new Migrator(new Jdbc(db), branch, clock).migrate()).isEqualTo(1);
        List<Migration> merged = new java.util.ArrayList<>(branch);
        merged.add(merged.size() - 1, new Migration(n + 1, "other_branch", "CREATE TABLE other_branch (x INTEGER)"));
        Migrator m = new Migrator(new Jdbc(db), merged, clock);
        assertThat(m.migrate()).isEqualTo(1);
        sql("INSERT INTO other_branch (x) VALUES (1)");
        assertThat(m.migrate()).isZero();
        assertThat(m.currentVersion()).isEqualTo(n + 2);
    }

    @Test
    void anAppliedVersionThisMusterSkipsIsNotTakenForANewerSchema() throws SQLException {
        int n = newestBundled();
        sql("INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (" + (n + 1)
                + ", 'other_branch', 'x', 0)");
        List<Migration> branch = new java.util.ArrayList<>(Migration.bundled(db.dialect()));
        branch.add(new Migration(n + 2, "this_branch", "CREATE TABLE this_branch (x INTEGER)"));
        Migrator m = new Migrator(new Jdbc(db), branch, clock);
        assertThat(m.migrate()).isEqualTo(1);
        assertThat(m.currentVersion()).isEqualTo(n + 2);
    }

    @Test
    void bundledVersionsMustRise() {
        assertThat(Migration.bundled(db.dialect())).extracting(Migration::version).isSorted().doesNotHaveDuplicates();
    }

    private int newestBundled() {
        return Migration.bundled(db.dialect()).getLast().version();
    }

    @Test
    void editedMigrationIsRefused() throws SQLException {
        sql("UPDATE schema_version SET checksum = 'edited' WHERE version = 1");
        assertThatThrownBy(this::reopen).isInstanceOf(RunException.class)
                .hasMessageContaining("different script");
    }

    @Test
    void failedMigrationLeavesNothingBehind() {
        int next = newestBundled() + 1;
        List<Migration> scripts = new java.util.ArrayList<>(Migration.bundled(db.dialect()));
        scripts.add(new Migration(next, "broken", "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1)"));
        Migrator broken = new Migrator(new Jdbc(db), scripts, clock);
        assertThatThrownBy(broken::migrate).isInstanceOf(RunException.class)
                .hasMessageContaining("V" + next + "__broken.sql");
        assertThat(broken.currentVersion()).isEqualTo(next - 1);
        assertThatThrownBy(() -> sql("SELECT * FROM half_done")).isInstanceOf(SQLException.class);
    }

    @Test
    void runRoundTripsThroughTheEngineInterface() {
        JdbcRunStore runs = store.runs();
        Instant start = clock.instant();
        runs.begin(new RunRecord("r1", "run", "@web", "uptime", "web[1-2]", start, null, null, List.of(), null,
                Map.of("command", "uptime", "sudo", false), Map.of()));
        Outcome ok = new Outcome("web1", Status.OK, null, 0, null, "up 3 days\n", "", "", 1, 42, start);
        Outcome failed = new Outcome("web2", Status.FAILED, FailureKind.COMMAND_FAILED, 2, null, "", "boom\n",
                "exit 2", 3, 99, start, List.of("restart nginx"));
        runs.outcome("r1", ok);
        runs.outcome("r1", failed);
        assertThat(runs.load("r1").orElseThrow().state()).isEqualTo("running");
        clock.advance(Duration.ofSeconds(5));
        runs.finish("r1", 1, Map.of("ok", 1, "failed", 1));

        RunRecord loaded = runs.load("r1").orElseThrow();
        assertThat(loaded.outcomes()).containsExactly(ok, failed);
        assertThat(loaded.finishedAt()).isEqualTo(start.plusSeconds(5));
        assertThat(loaded.exitCode()).isEqualTo(1);
        assertThat(loaded.counts()).containsEntry("failed", 1);
        assertThat(loaded.spec()).containsEntry("sudo", false);
        assertThat(loaded.state()).isEqualTo("finished");
        assertThat(runs.get("r1").orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(runs.outcomes("r1")).extracting(Outcome::stdout).containsOnly("");
        assertThat(runs.load("nope")).isEmpty();
    }

    @Test
    void recentRunsComeNewestFirst() {
        for (String id : List.of("a", "b", "c")) {
            store.runs().begin(new RunRecord(id, "run", "@all", "true", "h1", clock.instant(), null, null, null,
                    null, null, null));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(store.runs().recent(2)).extracting(RunRecord::id).containsExactly("c", "b");
    }

    @Test
    void aLaterOutcomeForTheSameHostReplacesTheEarlierOne() {
        store.runs().begin(new RunRecord("r", "run", "@all", "true", "h1", clock.instant(), null, null, null, null,
                null, null));
        store.runs().outcome("r", new Outcome("h1", Status.FAILED, FailureKind.TIMEOUT, null, null, "partial", "", "",
                1, 10, clock.instant()));
        Outcome second = new Outcome("h1", Status.OK, null, 0, null, "done", "", "", 2, 20, clock.instant());
        store.runs().outcome("r", second);
        assertThat(store.runs().load("r").orElseThrow().outcomes()).containsExactly(second);
    }

    @Test
    void cancelledRunIsRecordedAsCancelled() {
        store.runs().begin(new RunRecord("r", "run", "@all", "sleep 9", "h1", clock.instant(), null, null, null,
                null, null, null));
        store.runs().finish("r", 130, Map.of());
        assertThat(store.runs().get("r").orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThatThrownBy(() -> store.runs().finish("never-begun", 0, Map.of())).isInstanceOf(RunException.class);
    }
}
