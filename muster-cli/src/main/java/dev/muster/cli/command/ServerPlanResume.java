package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.core.store.PlanRunSpec;
import dev.muster.server.engine.EngineBridge;
import dev.muster.server.engine.EngineSettings;
import dev.muster.server.engine.InspectionSettings;
import dev.muster.server.engine.RunEvents;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.metrics.FleetMetricsSource;
import dev.muster.server.metrics.ServerMetrics;
import dev.muster.server.store.PoolSettings;
import dev.muster.server.store.RunStatus;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * {@code muster apply PLAN --resume RUN} where RUN is a plan run of {@code muster serve}, kept in
 * the server's store (its data directory's SQLite file, or PostgreSQL with {@code --store URL}):
 * this process becomes a controller for that one run. It queues the run again and claims it in
 * one transaction (so no running controller takes it in between), continues it from its journal
 * (steps done are not done again) with its lease renewed and other controllers' cancels heard,
 * and records how it ends in the same store, as a server would.
 */
record ServerPlanResume(CommonOptions options, PrintWriter out, PrintWriter err) {

    /** Whether {@code --store} names a server's store: a PostgreSQL URL, or a directory holding muster.db. */
    boolean applies() {
        String store = options.store;
        return ServerStores.isUrl(store) || Files.isRegularFile(options.storeDir().resolve("muster.db"));
    }

    /** Continues {@code runId} of the plan in {@code planFile} here; returns its exit code. */
    int resume(String runId, Path planFile, Workspace ws) {
        try (Store store = ServerStores.open(options.store,
                ServerStores.dataDir(options.store, null, options.context().home()), PoolSettings.DEFAULTS, null, err)) {
            StoredRun run = store.runs().get(runId).orElseThrow(() -> InputException.option("--resume",
                    "no run " + runId + " in " + where() + " (muster runs, or GET /api/v1/runs, lists them)"));
            Path plansDir = plansDir(run, planFile);
            if (run.status() == RunStatus.FINISHED && Integer.valueOf(0).equals(run.record().exitCode())) {
                throw InputException.option("--resume", "run " + runId + " finished with every host deployed: "
                        + "nothing to resume");
            }
            new PlanRunSpec(run.record().spec().get("plan").toString(), PlanRunSpec.sha256(planFile), null, false)
                    .requireSamePlan(run.record(), planFile.toString());
            ws.prepareTransport();
            Clock clock = Clock.systemUTC();
            EngineSettings settings = new EngineSettings(ws.transport(), PlanFactories::of, options.executorOptions(),
                    controllerId(), 1, Duration.ofSeconds(1), EngineSettings.DEFAULT_MAX_OUTPUT_PER_HOST,
                    EngineSettings.DEFAULT_LEASE);
            RunEvents events = new RunEvents();
            ServerMetrics metrics = new ServerMetrics(store.queue(), ws.transport(), FleetMetricsSource.NONE);
            InspectionSettings inspections = new InspectionSettings(new ReportStore(store, clock), null, id -> id, clock);
            out.println("resuming run " + runId + " (" + run.record().spec().get("plan") + ") from its journal in "
                    + where() + " as controller " + settings.serverId());
            out.flush();
            try (EngineBridge bridge = new EngineBridge(store, new RunTargets(ws.inventory(), plansDir), settings, events,
                    metrics, clock, inspections);
                 AutoCloseable ignored = events.subscribe(runId, e -> hostLine(e));
                 OnInterrupt stop = ws.options().context().onInterrupt(() -> bridge.cancel(runId))) {
                OptionalInt exit = bridge.resumeHere(runId, ServerStores.actor());
                if (exit.isEmpty()) {
                    RunStatus status = store.runs().get(runId).map(StoredRun::status).orElse(null);
                    throw InputException.option("--resume", "run " + runId + " is " + describe(status, store, runId)
                            + ": only a plan run that ended (interrupted, cancelled, or not deployed everywhere) resumes");
                }
                StoredRun ended = store.runs().get(runId).orElseThrow();
                out.println("run " + runId + " " + ended.status().key() + ", exit " + exit.getAsInt());
                return exit.getAsInt();
            } catch (InputException e) {
                throw e;
            } catch (Exception e) {
                throw new dev.muster.core.RunException("resuming run " + runId + ": " + e.getMessage(), e);
            }
        }
    }

    private static String describe(RunStatus status, Store store, String runId) {
        if (status == null) {
            return "gone";
        }
        String by = store.runs().get(runId).map(StoredRun::claimedBy).orElse(null);
        return status.key() + (status == RunStatus.RUNNING && by != null ? " on " + by : "");
    }

    private void hostLine(RunEvents.Event e) {
        if (e.type().equals("host-finished")) {
            out.println(e.data().get("host") + " " + e.data().get("status"));
            out.flush();
        }
    }

    /**
     * The server's plans directory, from the plan file given: the server names its plans relative
     * to that directory, so the file must end with the run's plan name.
     */
    private Path plansDir(StoredRun run, Path planFile) {
        Object name = run.record().spec().get("plan");
        if (!dev.muster.core.store.RunKind.APPLY.is(run.record()) || name == null) {
            throw InputException.option("--resume", "run " + run.id() + " is a " + run.record().kind()
                    + " run, not a plan");
        }
        Path file = planFile.toAbsolutePath().normalize();
        Path relative = Path.of(name.toString()).normalize();
        if (relative.isAbsolute() || !file.endsWith(relative) || file.getNameCount() <= relative.getNameCount()) {
            throw InputException.option("--resume", "run " + run.id() + " applied " + name + " from the server's plans "
                    + "directory: give that file (PLANS/" + name + "), not " + planFile);
        }
        Path dir = file.getRoot().resolve(file.subpath(0, file.getNameCount() - relative.getNameCount()));
        return dir;
    }

    private String where() {
        String store = options.store;
        return ServerStores.isUrl(store) ? "the PostgreSQL store" : options.storeDir().resolve("muster.db").toString();
    }

    /** Unique per process, so this claim is never taken for a server's or another CLI's. */
    private static String controllerId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return "cli:" + host + ":" + ProcessHandle.current().pid();
    }
}
