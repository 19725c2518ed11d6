package dev.muster.server.inspect;

import java.time.Instant;
import java.util.List;

/** Small reports for rendering and alert tests. */
final class Reports {
    private Reports() {
    }

    static Report of(String id, List<HostResult> hosts, Changes changes) {
        return new Report(id, "nightly", Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T10:00:03Z"),
                hosts, Summary.of(hosts), changes);
    }

    static Report withNewFailure(String id, String message) {
        List<HostResult> hosts = List.of(new HostResult("web1", List.of(new CheckResult("disk_used_percent /",
                CheckStatus.FAIL, "96", message))), new HostResult("web2", List.of(new CheckResult(
                "disk_used_percent /", CheckStatus.PASS, "40", ""))));
        return of(id, hosts, new Changes("r0", List.of(new Change("web1", "disk_used_percent /", CheckStatus.PASS,
                CheckStatus.FAIL, message)), List.of(), List.of()));
    }
}
