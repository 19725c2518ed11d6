package dev.muster.server.inspect;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One inspection's results: per host and per check, summary counts, and the changes since the
 * previous report of the same inspection. JSON and HTML renderings: {@link ReportJson},
 * {@link ReportHtml}.
 */
public record Report(String id, String inspection, Instant startedAt, Instant finishedAt, List<HostResult> hosts,
                     Summary summary, Changes changes) {

    public Report {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(inspection, "inspection");
        hosts = List.copyOf(hosts);
        changes = changes == null ? Changes.none() : changes;
    }

    /** The worst status of any check: what `muster inspect` turns into its exit code. */
    public CheckStatus status() {
        return hosts.stream().map(HostResult::status).reduce(CheckStatus.PASS, CheckStatus::worse);
    }
}
