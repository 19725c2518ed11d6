package dev.muster.core.relay;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which selected hosts are reached through which relay: all of them through {@code --via RELAY},
 * else through the first {@code relays:} rule whose selector names them. A relay itself is always
 * reached directly (relays are not chained).
 */
public final class RelayRoutes {
    private final Map<String, Relay> byLeaf;

    private RelayRoutes(Map<String, Relay> byLeaf) {
        this.byLeaf = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byLeaf));
    }

    public static RelayRoutes none() {
        return new RelayRoutes(Map.of());
    }

    /**
     * @param via the relay named on the command line, or null to follow the inventory's rules
     */
    public static RelayRoutes of(Inventory inventory, List<Host> selected, String via) {
        Map<String, Relay> routes = new LinkedHashMap<>();
        if (via != null) {
            Host relay = inventory.host(via).orElseThrow(() -> InputException.option("--via",
                    "relay '" + via + "' is not a host of the inventory"));
            String identity = inventory.relays().stream().filter(r -> r.relay().equals(via))
                    .map(RelayRule::identityFile).filter(i -> i != null).findFirst().orElse(null);
            Relay r = new Relay(relay, identity);
            selected.stream().filter(h -> !h.name().equals(via)).forEach(h -> routes.put(h.name(), r));
            return new RelayRoutes(routes);
        }
        List<Map.Entry<Relay, HostSet>> rules = new ArrayList<>();
        for (RelayRule rule : inventory.relays()) {
            Host relay = inventory.host(rule.relay()).orElseThrow(() -> rule.where().error(
                    "relay '" + rule.relay() + "' is not a host of the inventory"));
            HostSet leaves;
            try {
                leaves = Selector.parse(rule.selector()).evaluate(inventory);
            } catch (InputException e) {
                throw rule.where().error("relay '" + rule.relay() + "': bad selector '" + rule.selector() + "': "
                        + e.getMessage());
            }
            rules.add(Map.entry(new Relay(relay, rule.identityFile()), leaves));
        }
        for (Host h : selected) {
            for (Map.Entry<Relay, HostSet> rule : rules) {
                if (rule.getValue().contains(h.name()) && !h.name().equals(rule.getKey().name())) {
                    routes.put(h.name(), rule.getKey());
                    break;
                }
            }
        }
        return new RelayRoutes(routes);
    }

    public Optional<Relay> relayOf(String leaf) {
        return Optional.ofNullable(byLeaf.get(leaf));
    }

    public boolean isEmpty() {
        return byLeaf.isEmpty();
    }

    /** The leaves of each relay, by relay name. */
    public Map<String, List<String>> leavesByRelay() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        byLeaf.forEach((leaf, relay) -> out.computeIfAbsent(relay.name(), k -> new ArrayList<>()).add(leaf));
        return out;
    }
}
