package dev.muster.server.inspect;

import java.util.List;

/** Every check's result on one host, in the inspection's order. */
public record HostResult(String host, List<CheckResult> checks) {
    public HostResult {
        checks = List.copyOf(checks);
    }

    /** The worst status of this host's checks (pass when it has none). */
    public CheckStatus status() {
        return checks.stream().map(CheckResult::status).reduce(CheckStatus.PASS, CheckStatus::worse);
    }
}
