package dev.muster.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayRoutesTest {
    @TempDir
    Path dir;

    private Inventory load(String yaml) throws IOException {
        Path f = dir.resolve("inventory.yaml");
        Files.writeString(f, yaml);
        return new InventoryLoader().load(f);
    }

    private static final String FLEET = """
            hosts:
              "rack1-[01-04]": {}
              "rack2-[01-04]": {}
            groups:
              rack1: {hosts: ["rack1-[01-04]"]}
              rack2: {hosts: ["rack2-[01-04]"]}
            """;

    @Test
    void eachHostGoesThroughTheFirstRuleThatSelectsItAndARelayIsReachedDirectly() throws IOException {
        Inventory inv = load(FLEET + """
                relays:
                  rack1-01: {hosts: rack1, identity_file: ~/.ssh/relay}
                  rack2-01: {hosts: "rack2,rack1-04"}
                """);
        RelayRoutes routes = RelayRoutes.of(inv, inv.hosts(), null);
        assertThat(routes.leavesByRelay()).isEqualTo(Map.of(
                "rack1-01", List.of("rack1-02", "rack1-03", "rack1-04"),
                "rack2-01", List.of("rack2-02", "rack2-03", "rack2-04")));
        assertThat(routes.relayOf("rack1-01")).isEmpty();
        assertThat(routes.relayOf("rack1-02").orElseThrow().identityFile()).isEqualTo("~/.ssh/relay");
    }

    @Test
    void viaRoutesEverySelectedHostButTheRelayAndKeepsTheRelaysKey() throws IOException {
        Inventory inv = load(FLEET + "relays:\n  rack1-01: {hosts: rack1, identity_file: /k}\n");
        List<Host> selected = inv.select("rack2,rack1-01");
        RelayRoutes routes = RelayRoutes.of(inv, selected, "rack1-01");
        assertThat(routes.leavesByRelay()).isEqualTo(Map.of("rack1-01",
                List.of("rack2-01", "rack2-02", "rack2-03", "rack2-04")));
        assertThat(routes.relayOf("rack2-03").orElseThrow().identityFile()).isEqualTo("/k");
        assertThatThrownBy(() -> RelayRoutes.of(inv, selected, "nope")).isInstanceOf(InputException.class)
                .hasMessageContaining("--via").hasMessageContaining("'nope' is not a host of the inventory");
    }

    @Test
    void aRelayThatIsNoHostIsAnErrorAtItsLine() throws IOException {
        Inventory inv = load(FLEET + "relays:\n  ghost: {hosts: rack1}\n");
        assertThatThrownBy(() -> RelayRoutes.of(inv, inv.hosts(), null)).isInstanceOf(InputException.class)
                .hasMessageContaining("inventory.yaml:8:3").hasMessageContaining("relay 'ghost' is not a host");
    }

    @Test
    void relayEntriesAreValidatedWhenTheInventoryIsRead() {
        assertThatThrownBy(() -> load(FLEET + "relays:\n  rack1-01: {hosts: rack1, key: x}\n"))
                .isInstanceOf(InputException.class).hasMessageContaining("inventory.yaml:8:")
                .hasMessageContaining("key");
        assertThatThrownBy(() -> load(FLEET + "relays:\n  rack1-01: {identity_file: /k}\n"))
                .isInstanceOf(InputException.class).hasMessageContaining("inventory.yaml:8:3")
                .hasMessageContaining("needs 'hosts'");
    }
}
