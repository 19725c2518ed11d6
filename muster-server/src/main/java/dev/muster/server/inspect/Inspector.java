package dev.muster.server.inspect;

import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.probe.check.HealthCheck;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Runs an inspection over its hosts through the engine's {@link Executor} (one round trip per
 * host for the on-host checks), compares the results with the previous report of the same
 * inspection, and stores the new report with the log cursors it moved. The transport is the
 * caller's: the SSH pool in the server and CLI, a fake fleet in tests.
 */
public final class Inspector {
    /** The row a host gets when it could not be reached: one failure, not one per check. */
    public static final String REACHABLE = "reachable";
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Transport transport;
    private final ReportStore store;
    private final Clock clock;
    private final ExecutorOptions options;
    private final RandomGenerator random = RandomGenerator.getDefault();

    public Inspector(Transport transport, ReportStore store, Clock clock, ExecutorOptions options) {
        this.transport = transport;
        this.store = store;
        this.clock = clock;
        this.options = options;
    }

    /**
     * Inspects the inspection's targets in {@code inventory}; secrets of the inventory are masked
     * in every message.
     *
     * @throws InputException when the targets match no host or a health check cannot be made for one
     */
    public Report inspect(Inspection inspection, Inventory inventory, RunListener listener)
            throws InterruptedException {
        List<Host> hosts = inventory.select(inspection.targets());
        if (hosts.isEmpty()) {
            throw InputException.in(inspection.source(), "targets '" + inspection.targets()
                    + "' match no host in the inventory");
        }
        return inspect(inspection, hosts, inventory.redactor(), listener);
    }

    public Report inspect(Inspection inspection, List<Host> hosts, Redactor redactor, RunListener listener)
            throws InterruptedException {
        Map<String, HealthCheck> health = healthChecks(inspection, hosts);
        try {
            Instant started = clock.instant();
            Map<String, Map<String, LogCursor>> cursors = inspection.scansLogs()
                    ? store.cursors(inspection.name()) : Map.of();
            Map<String, InspectStep.HostAnswers> answers = new ConcurrentHashMap<>();
            ExecutorOptions eo = options.hostTimeout() == null ? options.withHostTimeout(inspection.hostTimeout())
                    : options;
            RunResult run = new Executor(transport).run(hosts,
                    new InspectStep(inspection, health, cursors, answers), eo, listener);
            List<HostResult> results = new ArrayList<>();
            Map<String, Map<String, LogCursor>> moved = new HashMap<>();
            for (Outcome o : run.outcomes()) {
                InspectStep.HostAnswers a = answers.get(o.host());
                List<CheckResult> rows = a != null ? a.results() : List.of(new CheckResult(REACHABLE, CheckStatus.FAIL,
                        null, o.message().isEmpty() && o.kind() != null ? o.kind().description() : o.message()));
                results.add(new HostResult(o.host(), rows.stream().map(r -> r.redacted(redactor)).toList()));
                if (a != null && !a.cursors().isEmpty()) {
                    moved.put(o.host(), a.cursors());
                }
            }
            String previous = store.latestId(inspection.name()).orElse(null);
            // with no previous report every failure is new: a fleet broken from the start still alerts
            Changes changes = Changes.between(previous, previous == null ? Map.of() : store.rows(previous), results);
            Report report = new Report(newId(started), inspection.name(), started, clock.instant(), results,
                    Summary.of(results), changes);
            store.save(report, moved);
            return report;
        } finally {
            for (HealthCheck c : health.values()) {
                if (c instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // an HTTP client that fails to close holds nothing we need
                    }
                }
            }
        }
    }

    /** Builds every health check once and checks it can be made for each host, before anything runs. */
    private static Map<String, HealthCheck> healthChecks(Inspection inspection, List<Host> hosts) {
        Map<String, HealthCheck> out = new LinkedHashMap<>();
        for (InspectionCheck c : inspection.checks()) {
            if (c instanceof InspectionCheck.Health h) {
                HealthCheck check = h.options().check();
                out.put(h.name(), check);
                hosts.forEach(check::validate);
            }
        }
        return out;
    }

    private String newId(Instant started) {
        return ID_TIME.format(started) + "-" + String.format("%06x", random.nextInt(1 << 24));
    }
}
