package dev.muster.files;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.relay.LeafSsh;
import dev.muster.core.relay.RelayedConnection;
import dev.muster.core.step.Shell;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a relay's staged tree to one leaf with the relay's rsync over ssh, and turns rsync's
 * itemized changes ({@code -i}) into the leaf's outcome. rsync writes each file to a temporary
 * name and, with {@code --delay-updates}, renames all of them into place at the end; ownership is
 * the login user's (as for a direct push) unless {@code --owner}; excluded paths are never deleted.
 */
final class RelayCopy {
    private final String dest;
    private final SyncOptions opts;
    private final List<String> excludes;
    private final boolean compress;
    private final Mode mode;

    /** How the relay copies to leaves: rsync when both ends have it (auto), or always one of the two. */
    enum Mode { AUTO, RSYNC, TAR }

    RelayCopy(String dest, SyncOptions opts, List<String> excludes, boolean compress, Mode mode) {
        this.dest = dest;
        this.opts = opts;
        this.excludes = List.copyOf(excludes);
        this.compress = compress;
        this.mode = mode;
    }

    StepResult run(RelayedConnection rc, String stage, Duration remaining) throws StepFailure, InterruptedException {
        if (mode == Mode.TAR) {
            return new RelayTarCopy(dest, opts).run(rc, stage, remaining);
        }
        StepResult r = runRsync(rc, stage, remaining);
        if (mode == Mode.AUTO && r.status() == Status.FAILED && rsyncMissing(r)) {
            return new RelayTarCopy(dest, opts).run(rc, stage, remaining);
        }
        return r;
    }

    /** rsync absent on the relay (our guard's 127) or on the leaf (rsync's "connection unexpectedly closed" after "not found"). */
    private static boolean rsyncMissing(StepResult r) {
        Integer code = r.exitCode();
        return code != null && (code == 127 || (code == 12 || code == 14) && r.stderr().contains("not found"));
    }

    private StepResult runRsync(RelayedConnection rc, String stage, Duration remaining) throws StepFailure, InterruptedException {
        if (opts.delete() && opts.maxDelete() >= 0) {
            ExecResult probe = rsync(rc, stage, true, remaining);
            if (!probe.succeeded()) {
                return failed(rc, probe);
            }
            Itemized planned = Itemized.parse(probe.stdoutText());
            if (planned.deleted() > opts.maxDelete()) {
                return new StepResult(Status.FAILED, FailureKind.LIMIT_EXCEEDED, null, null, planned.report(), "",
                        planned.deleted() + " paths would be deleted, more than --max-delete " + opts.maxDelete()
                                + "; nothing was changed");
            }
        }
        ExecResult r = rsync(rc, stage, opts.dryRun(), remaining);
        if (!r.succeeded()) {
            return failed(rc, r);
        }
        Itemized done = Itemized.parse(r.stdoutText());
        String via = " (via relay " + rc.relayName() + ")";
        if (!done.changed()) {
            return new StepResult(Status.OK, null, 0, null, "", "", "up to date" + via);
        }
        String summary = (opts.dryRun() ? "would change: " : "") + done.summary() + via;
        if (opts.dryRun() || opts.onChange() == null) {
            return new StepResult(Status.CHANGED, null, 0, null, done.report(), "", summary);
        }
        ExecResult h = rc.exec(new ExecRequest(opts.onChange(), null, remaining, null, 0));
        if (!h.succeeded()) {
            String why = h.signal() != null ? "killed by signal " + h.signal() : "exit code " + h.exitCode();
            return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, h.exitCode(), h.signal(),
                    done.report() + h.stdoutText(), h.stderrText(), summary + "; on-change handler failed (" + why + ")");
        }
        return new StepResult(Status.CHANGED, null, 0, null, done.report() + h.stdoutText(), h.stderrText(),
                summary + "; on-change handler ran");
    }

    private ExecResult rsync(RelayedConnection rc, String stage, boolean dryRun, Duration remaining)
            throws StepFailure, InterruptedException {
        return rc.relay().exec(new ExecRequest(command(rc.ssh(), rc, stage, dryRun), null, remaining, null, 16 << 20));
    }

    /** The command run on the relay: its rsync, over ssh with the controller's known_hosts excerpt, into DEST. */
    String command(LeafSsh ssh, RelayedConnection rc, String stage, boolean dryRun) {
        List<String> w = new ArrayList<>(List.of("rsync", "-rlpt", "--omit-dir-times", "--delay-updates",
                "--itemize-changes", "--out-format=%i %n%L"));
        if (dryRun) {
            w.add("--dry-run");
        } else if (!parent(dest).equals("/")) {
            // rsync makes only DEST's last component: its parents first, as a direct push does (mkdir -p);
            // DEST itself is left to rsync, which reports it created (./) as a direct push does
            w.add("--rsync-path=mkdir -p -- " + Shell.quote(parent(dest)) + " && rsync");
        }
        if (compress) {
            w.add("--compress");
        }
        if (opts.checksum()) {
            w.add("--checksum");
        }
        if (opts.delete()) {
            w.add("--delete");
        }
        if (opts.backup()) {
            w.add("--backup");
            w.add("--suffix=.~" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")) + "~");
        }
        if (opts.owner() != null) {
            w.add("--chown=" + opts.owner().chownSpec());
        }
        for (String pattern : excludes) {
            w.add("--exclude=" + rsyncPattern(pattern));
        }
        w.add("-e");
        w.add(ssh.rsyncShell(rc.host()));
        w.add("--");
        w.add(stage + "/");
        String address = LeafSsh.address(rc.host());
        w.add((address.contains(":") ? "[" + address + "]" : address) + ":" + (dest.endsWith("/") ? dest : dest + "/"));
        StringBuilder b = new StringBuilder("command -v rsync >/dev/null 2>&1 || { echo 'rsync: not found on the relay' >&2; exit 127; }; ");
        for (String word : w) {
            b.append(Shell.quote(word)).append(' ');
        }
        return b.toString().stripTrailing();
    }

    /** The directory DEST is in ("/" for a top-level DEST). */
    static String parent(String dest) {
        String d = dest.endsWith("/") ? dest.substring(0, dest.length() - 1) : dest;
        int slash = d.lastIndexOf('/');
        return slash <= 0 ? "/" : d.substring(0, slash);
    }

    /** muster's exclude patterns in rsync's terms: a pattern with an inner '/' is anchored at the top. */
    static String rsyncPattern(String pattern) {
        String body = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
        return body.contains("/") && !pattern.startsWith("/") ? "/" + pattern : pattern;
    }

    private StepResult failed(RelayedConnection rc, ExecResult r) throws StepFailure {
        String err = r.stderrText();
        FailureKind ssh = RelayedConnection.sshFailure(err);
        String via = " (via relay " + rc.relayName() + ")";
        if (ssh != null) {
            throw new StepFailure(ssh, rc.host().name() + ": " + ssh.description() + via + ": " + firstLine(err));
        }
        String why = r.exitCode() != null && r.exitCode() == 127 ? "rsync is missing on the relay or the host"
                : "rsync failed with exit code " + r.exitCode();
        return new StepResult(Status.FAILED, FailureKind.TRANSFER_FAILED, r.exitCode(), r.signal(), r.stdoutText(), err,
                why + via + ": " + firstLine(err));
    }

    private static String firstLine(String s) {
        return ChangeWriter.firstLine(s);
    }
}
