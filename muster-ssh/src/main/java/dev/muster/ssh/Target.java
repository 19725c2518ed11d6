package dev.muster.ssh;

import java.util.List;

/** A host to reach: jump hosts first (may be none), then the host itself. */
record Target(List<Hop> jumps, Hop host) {

    Target {
        jumps = List.copyOf(jumps);
    }

    /** Identifies the pooled session: the same user, address and route share one. */
    String poolKey() {
        StringBuilder sb = new StringBuilder();
        for (Hop j : jumps) {
            sb.append(j.user()).append('@').append(j.endpoint()).append(" -> ");
        }
        return sb.append(host.user()).append('@').append(host.endpoint()).toString();
    }

    /** The route to the last jump host (through the ones before it), or null for a direct host. */
    Target viaRoute() {
        if (jumps.isEmpty()) {
            return null;
        }
        return new Target(jumps.subList(0, jumps.size() - 1), jumps.getLast());
    }

    /** The sshd whose handshake rate we limit: the first hop on the route. */
    String endpoint() {
        return jumps.isEmpty() ? host.endpoint() : jumps.getFirst().endpoint();
    }
}
