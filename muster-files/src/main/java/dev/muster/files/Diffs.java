package dev.muster.files;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.StepFailure;

/** Unified diffs of changed text files, for --diff. */
final class Diffs {
    private Diffs() {
    }

    static void add(Connection c, Target target, ChangeSet cs) throws StepFailure, InterruptedException {
        // filled in below once the template engine's TextDiff lands
    }
}
