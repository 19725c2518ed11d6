package dev.muster.server.engine;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.step.CommandStep;
import dev.muster.core.store.RecordedRuns;
import dev.muster.server.metrics.ServerMetrics;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import java.util.List;

/** A command over the hosts a selector matches, through core's Executor. */
final class CommandJob extends RunJob {
    private static final System.Logger LOG = System.getLogger(CommandJob.class.getName());
    private volatile Executor.RunHandle handle;
    private final InspectionSettings alerts;

    /** {@code alerts} (or null): the webhook told about this run's dead letters, and the run's link. */
    CommandJob(StoredRun run, Store store, RunTargets targets, EngineSettings settings, RunEvents events,
               ServerMetrics metrics, InspectionSettings alerts) {
        super(run, store, targets, settings, events, metrics);
        this.alerts = alerts;
    }

    @Override
    int execute() {
        String selector = spec("selector");
        String sealed = spec("command");
        if (sealed == null || sealed.isBlank()) {
            throw new dev.muster.core.InputException("run " + run.id() + " has no command");
        }
        String command = targets.secrets().resolve(sealed); // secret values exist only in memory, while it runs
        List<Host> hosts = targets.select(selector);
        RecordedRuns.Recording recording = begin(selector, command, hosts);
        DeadLetterListener letters = new DeadLetterListener(store.deadLetters(), run.id(), sealed, hosts, redactor());
        RunListener listener = RunListener.all(List.of(new LiveOutput(store.runs(), run.id(), redactor(),
                settings.maxOutputPerHost()), letters, progress()));
        handle = new Executor(settings.transport()).start(hosts, CommandStep.command(command, false),
                settings.executor(), listener);
        if (cancelled()) {
            handle.cancel();
        }
        RunResult result;
        try {
            result = handle.await();
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            throw new dev.muster.core.RunException("interrupted", e);
        }
        int exit = cancelled() ? 130 : result.exitCode();
        recording.finish(exit, result.counts(), Status::key);
        alert(letters.written());
        return exit;
    }

    /** Tells the webhook about the run's dead letters, off the run's thread (it retries with backoff). */
    private void alert(List<dev.muster.server.store.DeadLetters.Failure> written) {
        if (alerts == null || alerts.alerts() == null || written.isEmpty()) {
            return;
        }
        String id = run.id();
        Thread.ofVirtual().name("muster-dead-letter-alert-" + id).start(() -> {
            try {
                alerts.alerts().deadLetters(id, alerts.runLink().apply(id), written);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot alert about the dead letters of run " + id + ": "
                        + redactor().redact(String.valueOf(e.getMessage())));
            }
        });
    }

    @Override
    void stop() {
        Executor.RunHandle h = handle;
        if (h != null) {
            h.cancel();
        }
    }
}
