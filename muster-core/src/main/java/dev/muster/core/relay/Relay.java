package dev.muster.core.relay;

import dev.muster.core.inventory.Host;

/** A relay host, and the key (a path on the relay; null for its user's defaults) its ssh uses for leaves. */
public record Relay(Host host, String identityFile) {
    public String name() {
        return host.name();
    }
}
