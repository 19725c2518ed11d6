package dev.muster.server.inspect;

import java.time.Instant;

/** A stored report as a list shows it, without its body. */
public record ReportEntry(String id, String inspection, Instant startedAt, Instant finishedAt, int hosts, int passed,
                          int warned, int failed) {
}
