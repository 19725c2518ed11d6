package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** muster schedule add/list/rm on the server's store, with no server running. */
class ScheduleCommandTest {
    @TempDir
    Path data;

    private CliResult muster(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data.toString()));
        return CliResult.run(all);
    }

    @Test
    void aCommandScheduleIsAddedListedAndRemoved() {
        CliResult add = muster("schedule", "add", "uptime-web", "*/5 * * * *", "--command", "uptime", "--selector", "@web",
                "--zone", "Europe/Berlin", "--overlap", "queue");
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("schedule uptime-web saved; next run 20");
        CliResult list = muster("schedule", "list");
        assertThat(list.out()).contains("uptime-web").contains("*/5 * * * *").contains("Europe/Berlin")
                .contains("@web -- uptime");
        assertThat(muster("schedule", "rm", "uptime-web").exit()).isZero();
        assertThat(muster("schedule", "list").out()).contains("no schedules");
        CliResult again = muster("schedule", "rm", "uptime-web");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("no schedule uptime-web");
    }

    @Test
    void aPlanScheduleTakesThePlanAsItsThirdArgument() {
        assertThat(muster("schedule", "add", "nightly", "@daily", "plans/inspect.yaml", "--misfire", "skip").exit())
                .isZero();
        assertThat(muster("schedule", "list").out()).contains("plan plans/inspect.yaml");
    }

    @Test
    void aBadCronExitsTwoWithTheReason() {
        CliResult r = muster("schedule", "add", "bad", "61 * * * *", "--command", "true", "--selector", "all");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("schedule bad").contains("bad cron '61 * * * *'");
        assertThat(muster("schedule", "list").out()).contains("no schedules");
    }

    @Test
    void aCronThatNeverFiresExitsTwo() {
        CliResult r = muster("schedule", "add", "feb30", "0 0 30 2 *", "--command", "true", "--selector", "all");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cron '0 0 30 2 *' never fires");
    }

    @Test
    void aSecretInTheCommandIsStoredSealedAndListedMasked() throws Exception {
        Path inventory = data.resolve("inventory.yaml");
        java.nio.file.Files.writeString(inventory, "secrets: [db_password]\nvars: {db_password: pa55-w0rd-xyz}\n"
                + "hosts:\n  web01: {address: 127.0.0.1}\n");
        CliResult add = muster("schedule", "add", "dump", "@daily", "--command", "pg_dump --password=pa55-w0rd-xyz",
                "--selector", "web01", "-i", inventory.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(muster("schedule", "list").out()).contains("web01 -- pg_dump --password=****")
                .doesNotContain("pa55-w0rd-xyz");
        StringBuilder stored = new StringBuilder();
        try (var c = dev.muster.server.store.Database.sqlite(data).connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT target FROM schedules")) {
            while (rs.next()) {
                stored.append(rs.getString(1));
            }
        }
        assertThat(stored.toString()).doesNotContain("pa55-w0rd-xyz").contains("secret:db_password");
    }

    @Test
    void aPlanAndACommandTogetherAreRefused() {
        CliResult r = muster("schedule", "add", "both", "@daily", "p.yaml", "--command", "true", "--selector", "all");
        assertThat(r.exit()).isEqualTo(2);
    }

    @Test
    void anInspectionFileIsScheduledAsAnInspection() throws Exception {
        Path plans = java.nio.file.Files.createDirectories(data.resolve("plans/inspections"));
        java.nio.file.Files.writeString(plans.resolve("nightly.yaml"), "kind: inspection\nname: nightly\n"
                + "targets: all\nchecks:\n  - health: {cmd: \"true\"}\n");
        CliResult add = muster("schedule", "add", "nightly", "0 2 * * *", "inspections/nightly.yaml",
                "--plans", data.resolve("plans").toString());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(muster("schedule", "list").out()).contains("inspection inspections/nightly.yaml");
    }

    @Test
    void anInspectionThatDoesNotParseExitsTwoWithItsPosition() throws Exception {
        Path plans = java.nio.file.Files.createDirectories(data.resolve("plans"));
        java.nio.file.Files.writeString(plans.resolve("broken.yaml"), "name: broken\ntargets: all\nchecks:\n"
                + "  - {metric: disk_used_percent, fail: lots}\n");
        CliResult r = muster("schedule", "add", "broken", "@daily", "broken.yaml", "--plans", plans.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("broken.yaml:4:");
        assertThat(muster("schedule", "list").out()).contains("no schedules");
    }
}
