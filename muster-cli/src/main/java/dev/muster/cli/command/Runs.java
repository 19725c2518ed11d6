package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.core.store.RunRecord;
import dev.muster.core.store.RunStore;

/** Finding a recorded run by id, or the latest one. */
final class Runs {
    private Runs() {
    }

    static RunRecord find(RunStore store, String runId) {
        String id = runId;
        if (id == null) {
            id = store.recent(1).stream().findFirst().map(RunRecord::id)
                    .orElseThrow(() -> new InputException("no runs recorded yet"));
        }
        String wanted = id;
        return store.load(id).orElseThrow(() -> new InputException("no run '" + wanted + "' (see 'muster runs')"));
    }
}
