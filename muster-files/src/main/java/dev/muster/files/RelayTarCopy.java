package dev.muster.files;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.relay.RelayedConnection;
import dev.muster.core.step.Shell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relay's copy to a leaf without rsync, with sh, sha256sum, tar and ssh only: the leaf checks
 * the staged tree's SHA-256 manifest ({@code sha256sum -c}), and only the files that differ travel,
 * as one tar stream, unpacked on the leaf into a private temporary directory beside the files and
 * then renamed into place one by one (a reader sees the old file or the new one). Regular files
 * only: symbolic links and deletions need rsync.
 */
final class RelayTarCopy {
    private final String dest;
    private final SyncOptions opts;

    RelayTarCopy(String dest, SyncOptions opts) {
        this.dest = dest.endsWith("/") && dest.length() > 1 ? dest.substring(0, dest.length() - 1) : dest;
        this.opts = opts;
    }

    StepResult run(RelayedConnection rc, String stage, Duration remaining) throws StepFailure, InterruptedException {
        String via = " (via relay " + rc.relayName() + ", tar)";
        if (opts.delete()) {
            return new StepResult(Status.FAILED, FailureKind.TRANSFER_FAILED, null, null, "", "",
                    "--delete through a relay needs rsync on the relay and the host" + via);
        }
        ExecResult manifest = rc.relay().exec(new ExecRequest("cd -- " + Shell.quote(stage)
                + " && if [ -n \"$(find . -type l | head -n 1)\" ]; then echo 'the tree has symbolic links:"
                + " they need rsync (--relay-copy rsync)' >&2; exit 4; fi"
                + " && find . -type f -print0 | xargs -0 -r sha256sum", null, remaining, null, 64 << 20));
        if (!manifest.succeeded()) {
            return failed("cannot list the staged tree on the relay", manifest, via);
        }
        ExecResult check = rc.exec(new ExecRequest("cd -- " + Shell.quote(dest) + " 2>/dev/null || exit 0; "
                + "LC_ALL=C sha256sum -c 2>/dev/null; exit 0", manifest.stdout(), remaining, null, 64 << 20));
        Set<String> ok = new LinkedHashSet<>();
        for (String line : check.stdoutText().split("\n")) {
            if (line.endsWith(": OK")) {
                ok.add(line.substring(0, line.length() - 4));
            }
        }
        List<String> changed = new ArrayList<>();
        for (String line : manifest.stdoutText().split("\n")) {
            if (line.length() > 66) {
                String path = line.substring(66);
                if (!ok.contains(path)) {
                    changed.add(path);
                }
            }
        }
        if (changed.isEmpty()) {
            return new StepResult(Status.OK, null, 0, null, "", "", "up to date" + via);
        }
        StringBuilder report = new StringBuilder();
        changed.forEach(p -> report.append("    ~ ").append(p.startsWith("./") ? p.substring(2) : p).append('\n'));
        String summary = (opts.dryRun() ? "would change: " : "") + changed.size() + " sent" + via;
        if (opts.dryRun()) {
            return new StepResult(Status.CHANGED, null, 0, null, report.toString(), "", summary);
        }
        StringBuilder names = new StringBuilder();
        changed.forEach(p -> names.append(p).append('\0'));
        String unpack = "set -e; mkdir -p -- " + Shell.quote(dest) + "; cd -- " + Shell.quote(dest)
                + "; t=$(mktemp -d .muster-tmp-relay.XXXXXX); trap 'rm -rf \"$t\"' EXIT; tar -C \"$t\" -xpf -; "
                + "(cd \"$t\" && find . -type d) | while IFS= read -r d; do mkdir -p -- \"$d\"; done; "
                + "(cd \"$t\" && find . ! -type d) | while IFS= read -r f; do mv -f -- \"$t/$f\" \"$f\"; done";
        String cmd = "cd -- " + Shell.quote(stage) + " && tar -cf - --null -T - | " + rc.ssh().command(rc.host(), unpack);
        ExecResult r = rc.relay().exec(new ExecRequest(cmd, names.toString().getBytes(StandardCharsets.UTF_8),
                remaining, null, 0));
        if (!r.succeeded()) {
            FailureKind ssh = r.exitCode() != null && r.exitCode() == 255 ? RelayedConnection.sshFailure(r.stderrText()) : null;
            if (ssh != null) {
                throw new StepFailure(ssh, rc.host().name() + ": " + ssh.description() + via + ": "
                        + ChangeWriter.firstLine(r.stderrText()));
            }
            return failed("tar copy failed with exit code " + r.exitCode(), r, via);
        }
        if (opts.onChange() == null) {
            return new StepResult(Status.CHANGED, null, 0, null, report.toString(), "", summary);
        }
        ExecResult h = rc.exec(new ExecRequest(opts.onChange(), null, remaining, null, 0));
        if (!h.succeeded()) {
            return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, h.exitCode(), h.signal(),
                    report + h.stdoutText(), h.stderrText(), summary + "; on-change handler failed");
        }
        return new StepResult(Status.CHANGED, null, 0, null, report + h.stdoutText(), h.stderrText(),
                summary + "; on-change handler ran");
    }

    private static StepResult failed(String why, ExecResult r, String via) {
        return new StepResult(Status.FAILED, FailureKind.TRANSFER_FAILED, r.exitCode(), r.signal(), r.stdoutText(),
                r.stderrText(), why + via + ": " + ChangeWriter.firstLine(r.stderrText()));
    }
}
