package dev.muster.server.engine;

import dev.muster.core.store.RecordedRuns;
import dev.muster.core.RunException;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.server.inspect.CheckResult;
import dev.muster.server.inspect.CheckStatus;
import dev.muster.server.inspect.HostResult;
import dev.muster.server.inspect.Inspection;
import dev.muster.server.inspect.InspectionJob;
import dev.muster.server.inspect.Inspector;
import dev.muster.server.inspect.Report;
import dev.muster.server.inspect.Summary;
import dev.muster.server.metrics.ServerMetrics;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An inspection (scheduled or started over the API) run through {@link InspectionJob}, the code
 * `muster inspect` runs: the report is stored, the webhook alerted about new failures, and the
 * run records each host's outcome and output (failed when one of its checks failed). Exit code
 * 1 when some check failed.
 */
final class InspectionRunJob extends RunJob {
    private final InspectionSettings inspections;
    private volatile Thread thread;

    InspectionRunJob(StoredRun run, Store store, RunTargets targets, EngineSettings settings, RunEvents events,
                     ServerMetrics metrics, InspectionSettings inspections) {
        super(run, store, targets, settings, events, metrics);
        this.inspections = inspections;
    }

    @Override
    int execute() {
        thread = Thread.currentThread();
        String path = spec("inspection");
        Inspection inspection = targets.inspection(path);
        List<Host> hosts = targets.inspectionHosts(inspection);
        RecordedRuns.Recording recording = begin(inspection.targets(), "inspect " + path, hosts);
        RunListener listener = RunListener.all(List.of(new LiveOutput(store.runs(), run.id(), redactor(),
                settings.maxOutputPerHost()), progress()));
        Inspector inspector = new Inspector(settings.transport(), inspections.reports(), inspections.clock(),
                settings.executor());
        InspectionJob job = new InspectionJob(inspector, inspections.alerts(), r -> inspections.link().apply(r.id()));
        InspectionJob.Result result;
        try {
            result = job.run(inspection, hosts, redactor(), listener);
        } catch (InterruptedException e) {
            if (cancelled()) {
                recording.finish(130, Map.of());
                return 130;
            }
            Thread.currentThread().interrupt();
            throw new RunException("interrupted", e);
        }
        Report report = result.report();
        judgeOutcomes(report);
        int exit = report.status() == CheckStatus.FAIL ? 1 : 0;
        recording.finish(exit, counts(report.summary()));
        store.audit().append("engine", "inspection.report", "run " + run.id(), report.status().key(),
                "report " + report.id() + (result.alert() == null ? "" : ", alert " + result.alert().name()
                        .toLowerCase(java.util.Locale.ROOT)), environments);
        events.publish(run.id(), new RunEvents.Event("report", Map.of("id", report.id(),
                "status", report.status().key())));
        return exit;
    }

    /**
     * A host whose checks ran still has a failed outcome when a check failed (and says which): the
     * run's per-host view then agrees with the report. Warnings are named but stay ok.
     */
    private void judgeOutcomes(Report report) {
        Map<String, HostResult> byHost = new HashMap<>();
        report.hosts().forEach(h -> byHost.put(h.host(), h));
        for (Outcome o : store.runs().outcomes(run.id())) {
            HostResult h = byHost.get(o.host());
            if (h == null || o.status() != Status.OK || h.status() == CheckStatus.PASS) {
                continue;
            }
            String names = h.checks().stream().filter(c -> c.status() == h.status()).map(CheckResult::check)
                    .collect(Collectors.joining(", "));
            boolean failed = h.status() == CheckStatus.FAIL;
            store.runs().outcome(run.id(), o.toBuilder()
                    .status(failed ? Status.FAILED : o.status()).kind(failed ? FailureKind.COMMAND_FAILED : o.kind())
                    .stdout("").stderr("").message((failed ? "checks failing: " : "checks warning: ") + names).build());
        }
    }

    private static Map<String, Integer> counts(Summary s) {
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put("pass", s.hostsPassing());
        out.put("warn", s.hostsWarning());
        out.put("fail", s.hostsFailing());
        return out;
    }

    @Override
    void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
