package dev.muster.core.store;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;

/** A listener that appends every host's outcome to the run store, secrets masked. */
public final class RunRecorder implements RunListener {
    private final RunStore store;
    private final String runId;
    private final Redactor redactor;

    public RunRecorder(RunStore store, String runId, Redactor redactor) {
        this.store = store;
        this.runId = runId;
        this.redactor = redactor;
    }

    @Override
    public void hostFinished(Outcome outcome) {
        store.outcome(runId, outcome.redacted(redactor));
    }
}
