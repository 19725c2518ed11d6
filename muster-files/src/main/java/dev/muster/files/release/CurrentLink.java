package dev.muster.files.release;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.step.Shell;
import java.util.List;

/**
 * Host commands around {@code <base>/current}: reading the base, and switching the link. A switch
 * creates a new symlink (relative target {@code releases/ID}) under a temporary name and renames it
 * over {@code current} ({@code mv -T}, rename(2)): a reader sees the old release or the new one,
 * never a missing link. Each switch appends its {@link Revision} to {@code revisions.log}.
 */
final class CurrentLink {
    /** Exit code of a switch whose release is not complete on the host. */
    static final int NOT_COMPLETE = 5;

    private CurrentLink() {
    }

    static HostReleases read(Connection c, String base) throws StepFailure, InterruptedException {
        ExecResult r = c.exec(new ExecRequest(HostReleases.command(base), null, null, null, 16 << 20));
        if (!r.succeeded()) {
            throw new StepFailure(FailureKind.COMMAND_FAILED, "cannot read " + base + ": " + r.stderrText().strip());
        }
        return HostReleases.parse(r.stdoutText());
    }

    /** Shell lines (run in the base directory) that switch current to {@code id} and log it. */
    static String switchLines(Revision revision) {
        String id = revision.id();
        return "[ -f " + Shell.quote("releases/" + id + "/" + HostReleases.MARKER) + " ] || { echo "
                + Shell.quote("release " + id + " is not complete on this host") + " >&2; exit " + NOT_COMPLETE + "; }\n"
                + "t=.current.muster-$$\n"
                + "rm -f \"$t\" && ln -s " + Shell.quote("releases/" + id) + " \"$t\" && mv -T -f \"$t\" current"
                + " || { rm -f \"$t\"; exit 4; }\n"
                + "printf '%s\\n' " + Shell.quote(revision.line()) + " >> revisions.log || exit 7\n";
    }

    /** Switches current to {@code revision.id()} on the host; CHANGED, or FAILED with the reason. */
    static StepResult switchTo(Connection c, String base, Revision revision, String what)
            throws StepFailure, InterruptedException {
        String script = "cd -- " + Shell.quote(base) + " || exit 3\n" + switchLines(revision);
        ExecResult r = c.exec(ExecRequest.of(script));
        if (r.succeeded()) {
            return new StepResult(Status.CHANGED, null, 0, null, "", "", what);
        }
        return failed(r, "cannot switch " + base + "/current to " + revision.id());
    }

    /** Removes releases (names checked as single segments by the caller), best effort. */
    static void remove(Connection c, String base, List<String> ids) throws StepFailure, InterruptedException {
        if (ids.isEmpty()) {
            return;
        }
        StringBuilder sh = new StringBuilder("cd -- ").append(Shell.quote(base + "/releases")).append(" && rm -rf --");
        ids.forEach(id -> sh.append(' ').append(Shell.quote("./" + id)));
        c.exec(ExecRequest.of(sh.toString()));
    }

    static StepResult failed(ExecResult r, String what) {
        String err = r.stderrText().strip();
        return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, r.exitCode(), r.signal(), r.stdoutText(),
                r.stderrText(), what + (err.isEmpty() ? " (exit code " + r.exitCode() + ")" : ": " + firstLine(err)));
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
