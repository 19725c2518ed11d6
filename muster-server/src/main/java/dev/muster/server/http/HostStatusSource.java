package dev.muster.server.http;

import java.util.Map;
import java.util.function.Function;

/**
 * The hook for a host's latest health and metrics in {@code GET /api/v1/hosts}: whoever samples
 * the fleet provides it; its map is added to the host's JSON under "status" when not empty.
 */
@FunctionalInterface
public interface HostStatusSource {
    HostStatusSource NONE = host -> Map.of();

    Map<String, Object> latest(String host);

    /**
     * A lookup for one listing of many hosts: sources that read a store override it to read
     * once per listing instead of once per host.
     */
    default Function<String, Map<String, Object>> snapshot() {
        return this::latest;
    }
}
