package dev.muster.server.http;

import dev.muster.core.store.RunStore;
import dev.muster.server.auth.Principal;
import dev.muster.server.store.StoredRun;

/**
 * Approving or denying what a plan run waits for, with a note: one code path for the API and the
 * dashboard (both check operator in the run's environments first). Approving lets the plan go on;
 * denying cancels the run (hosts not yet done are stopped, as a cancel does). The note goes to
 * the audit entry's detail, masked like every detail; a denial needs one (it says why).
 */
public final class Approvals {
    /** A note is cut to this many characters. */
    public static final int NOTE_CHARS = 500;

    private final ServerContext sc;

    public Approvals(ServerContext sc) {
        this.sc = sc;
    }

    /** Approves the run's pending step; returns it. 409 when the run waits for nothing. */
    public RunStore.Approval approve(StoredRun run, Principal p) {
        RunStore.Approval pending = pending(run);
        if (!sc.store().runs().approve(run.id(), p.name())) {
            throw ApiError.conflict("run " + run.id() + " waits for no approval");
        }
        return pending;
    }

    /** Denies the run's pending step by cancelling the run; returns it. 400 without a note, 409 when it waits for nothing. */
    public RunStore.Approval deny(StoredRun run, String note) {
        if (note == null) {
            throw ApiError.badRequest("a denial needs a note saying why");
        }
        RunStore.Approval pending = pending(run);
        if (!sc.cancel(run.id())) {
            throw ApiError.conflict("run " + run.id() + " is " + run.status().key() + " no more");
        }
        return pending;
    }

    private RunStore.Approval pending(StoredRun run) {
        if (!run.status().active()) {
            throw ApiError.conflict("run " + run.id() + " waits for no approval: it is " + run.status().key());
        }
        return sc.store().runs().pendingApproval(run.id())
                .orElseThrow(() -> ApiError.conflict("run " + run.id() + " waits for no approval"));
    }

    /** A note as typed: trimmed, control characters made spaces, cut at {@link #NOTE_CHARS}; null when blank. */
    public static String note(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String clean = raw.strip().replaceAll("\\p{Cntrl}", " ");
        return clean.length() > NOTE_CHARS ? clean.substring(0, NOTE_CHARS) + "…" : clean;
    }

    /** The audit detail of a decision: the step and the note. */
    public static String detail(RunStore.Approval step, String note) {
        return "step " + step.key() + (note == null ? "" : "; note: " + note);
    }
}
