package dev.muster.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One host line of a written inventory.
 *
 * @param labels written in iteration order
 * @param env    environment name, or null for none
 */
public record InventoryHost(String name, String address, int port, String user,
                            Map<String, String> labels, String env) {

    public InventoryHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
}
