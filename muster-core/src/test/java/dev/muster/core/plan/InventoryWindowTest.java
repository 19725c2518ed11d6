package dev.muster.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.core.window.RRule;
import dev.muster.core.window.Window;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code windows:} in the inventory: named by a plan's groups, refused when ambiguous, unknown or bad. */
class InventoryWindowTest {
    @TempDir
    Path dir;

    static final String INVENTORY = """
            hosts:
              "web[01-02]": {}
              "db[01-02]": {}
            groups:
              web: {hosts: ["web[01-02]"]}
              db: {hosts: ["db[01-02]"]}
            windows:
              db-nightly: {zone: Europe/Berlin, every: "0 1 * * *", duration: 3h}
              patch-sunday:
                zone: America/New_York
                every: "FREQ=MONTHLY;BYDAY=1SU;BYHOUR=2"
                start: 2026-01-04 02:00
                duration: 2h
            """;

    private Path write(String name, String text) {
        try {
            return java.nio.file.Files.writeString(dir.resolve(name), text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Inventory inventory(String text) {
        return new InventoryLoader().load(write("inventory.yaml", text));
    }

    private Plan read(String plan) {
        Inventory inventory = inventory(INVENTORY);
        return PlanReader.read(write("plan.yaml", plan), inventory);
    }

    private List<String> errors(String plan) {
        try {
            read(plan);
        } catch (InputException e) {
            return e.problems().stream().map(p -> p.getMessage().replace(dir + "/", "")).toList();
        }
        throw new AssertionError("expected problems in:\n" + plan);
    }

    @Test
    void aGroupUsesAnInventoryWindowByNameAndThePlanCarriesOnlyTheWindowsItUses() {
        Plan plan = read("""
                name: release
                windows:
                  own: {zone: UTC, every: "0 3 * * *", duration: 1h}
                groups:
                  web: {targets: "@web", window: own}
                  db: {targets: "@db", window: patch-sunday, after: [web]}
                steps: [{run: deploy}]
                """);
        assertThat(plan.windows()).containsOnlyKeys("own", "patch-sunday");
        Window sunday = plan.windows().get("patch-sunday");
        assertThat(sunday.every()).isInstanceOf(RRule.class);
        // the first Sunday of February 2026 is the 1st: 02:00 EST = 07:00Z
        assertThat(sunday.next(Instant.parse("2026-01-20T00:00:00Z"), 1).getFirst().start())
                .isEqualTo(Instant.parse("2026-02-01T07:00:00Z"));
        assertThat(sunday.duration()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aPlanWindowWithTheNameOfAnInventoryWindowIsRefusedAsAmbiguous() {
        assertThat(errors("""
                name: release
                windows:
                  db-nightly: {zone: UTC, every: "0 3 * * *", duration: 1h}
                groups:
                  db: {targets: "@db", window: db-nightly}
                steps: [{run: deploy}]
                """)).containsExactly("plan.yaml:3:3: window db-nightly is declared both in the plan and in the "
                + "inventory (at inventory.yaml:8:3): rename one of them, or drop the plan's to use the inventory's");
    }

    @Test
    void anUnknownWindowIsRefusedWithTheNamesOfBothFilesWindowsToChooseFrom() {
        assertThat(errors("""
                name: release
                groups:
                  db: {targets: "@db", window: db-nigthly}
                steps: [{run: deploy}]
                """)).containsExactly("plan.yaml:3:32: group db: no window named 'db-nigthly' in the plan or the "
                + "inventory; did you mean db-nightly?");
    }

    @Test
    void aBadInventoryWindowIsBadInputAtItsPlaceInTheInventory() {
        assertThatThrownBy(() -> inventory("""
                hosts:
                  web01: {}
                windows:
                  w: {zone: Europe/Berlin, every: "FREQ=WEEKLY;BYDAY=XX", start: 2026-01-04 01:00, duration: 1h}
                  v: {zone: Mars/Olympus, every: "0 1 * * *", duration: 1h}
                """)).isInstanceOf(InputException.class)
                .satisfies(e -> assertThat(((InputException) e).problems()).extracting(p -> p.getMessage().replace(dir + "/", ""))
                        .containsExactly("inventory.yaml:4:54: window w every \"FREQ=WEEKLY;BYDAY=XX\": a day must be one of "
                                        + "MO, TU, WE, TH, FR, SA, SU, found \"XX\"",
                                "inventory.yaml:5:13: window v zone must be an IANA time zone like Europe/Berlin or "
                                        + "America/New_York, found \"Mars/Olympus\""));
    }

    @Test
    void anAnsibleYamlInventoryMayStillHaveAGroupNamedWindows() {
        Inventory ansible = inventory("""
                windows:
                  hosts:
                    win01: {}
                linux:
                  hosts:
                    lin01: {}
                """);
        assertThat(ansible.group("windows").fold()).isEqualTo("win01");
        assertThat(ansible.windows()).isEmpty();
    }
}
