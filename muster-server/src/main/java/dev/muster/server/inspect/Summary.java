package dev.muster.server.inspect;

import java.util.List;

/**
 * Counts for a report: checks by status over every host, and hosts by their worst status.
 */
public record Summary(int hosts, int passed, int warned, int failed, int hostsPassing, int hostsWarning,
                      int hostsFailing) {

    static Summary of(List<HostResult> hosts) {
        int[] checks = new int[3];
        int[] byHost = new int[3];
        for (HostResult h : hosts) {
            h.checks().forEach(c -> checks[c.status().ordinal()]++);
            byHost[h.status().ordinal()]++;
        }
        return new Summary(hosts.size(), checks[0], checks[1], checks[2], byHost[0], byHost[1], byHost[2]);
    }
}
