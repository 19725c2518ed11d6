package dev.muster.files;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.FileTransfer;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.step.Shell;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a change set to one host: the I/O half of a push, in the order its {@link Placement}
 * says. Over SFTP first what must exist before the prepare command (stale temporaries and type
 * conflicts removed, directories level by level, large files, links), then the
 * {@link PrepareScript} (in the listing's waiting shell when it still waits), then over SFTP the
 * renames it did not do, attribute fixes and deletions. A failure removes the temporaries
 * written; the real files stay as they were until their rename.
 */
final class ChangeWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private final Connection c;
    private final Target target;
    private final Placement placement;
    private final ChangeSet cs;
    private final ListingShell shell;
    private final Transfers transfers;
    private final SyncOptions opts;
    private final String host;
    private final Runnable touched;
    /** Temporaries not yet renamed into place: removed when the push fails. */
    private final Map<String, String> left;

    /**
     * @param touched called whenever a change may have become visible on the host (the change
     *                handler is owed from then on)
     */
    ChangeWriter(Connection c, Target target, Placement placement, ListingShell shell, Transfers transfers,
                 SyncOptions opts, String host, Runnable touched) {
        this.c = c;
        this.target = target;
        this.placement = placement;
        this.cs = placement.changes();
        this.shell = shell;
        this.transfers = transfers;
        this.opts = opts;
        this.host = host;
        this.touched = touched;
        this.left = new LinkedHashMap<>(placement.temps());
    }

    /** Applies the change set; returns a failed result, or null when everything is in place. */
    StepResult apply() throws StepFailure, InterruptedException {
        boolean sftpFirst = placement.sftpFirst();
        if (cs.makeRoot || sftpFirst) {
            // the host changes over other channels before the prepare script: the listing's shell
            // must not hold the connection meanwhile (a connection runs one command at a time)
            shell.close();
        }
        if (cs.makeRoot) {
            ExecResult r = c.exec(ExecRequest.of("mkdir -p -- " + Shell.quote(target.root())));
            if (!r.succeeded()) {
                return failed(FailureKind.TRANSFER_FAILED, "cannot create " + target.root() + ": "
                        + firstLine(r.stderrText()), r);
            }
            touched.run();
        }
        if (sftpFirst) {
            try (FileTransfer f = c.files()) {
                before(f);
            } catch (StepFailure | InterruptedException | RuntimeException e) {
                cleanUp();
                throw e;
            }
        }
        StepResult failure;
        try {
            Prepared prepared = prepare(placement.viaTar());
            if (prepared.tarUnusable()) {
                // no usable tar on this host: the same files over SFTP, then the same checks
                try (FileTransfer f = c.files()) {
                    Transfers.each(placement.viaTar(), e -> upload(f, e));
                }
                prepared = prepare(List.of());
            }
            failure = prepared.failure();
        } catch (StepFailure | InterruptedException | RuntimeException e) {
            cleanUp();
            throw e;
        }
        if (failure != null) {
            cleanUp();
            return failure;
        }
        shell.close();
        if (placement.renameHere()) {
            left.clear();
        }
        if (left.isEmpty() && cs.fixes.isEmpty() && cs.deletes.isEmpty()) {
            return null;
        }
        try (FileTransfer f = c.files()) {
            after(f);
        } catch (StepFailure | InterruptedException | RuntimeException e) {
            cleanUp();
            throw e;
        }
        return null;
    }

    /** What must exist before the prepare command: stale temporaries and conflicts gone, directories, large files, links. */
    private void before(FileTransfer f) throws StepFailure, InterruptedException {
        if (!cs.staleTemps.isEmpty()) {
            f.remove(cs.staleTemps.stream().map(target::path).toList());
        }
        if (!cs.clear.isEmpty()) {
            touched.run();
            f.remove(cs.clear.stream().map(target::path).toList());
        }
        // directories level by level: parents exist before their children, siblings in parallel
        TreeMap<Long, List<Entry>> levels = new TreeMap<>();
        for (Entry d : cs.dirs) {
            levels.computeIfAbsent(d.path().chars().filter(ch -> ch == '/').count(), k -> new ArrayList<>()).add(d);
        }
        for (List<Entry> level : levels.values()) {
            Transfers.each(level, d -> f.mkdir(target.path(d.path()), d.mode()));
            touched.run();
        }
        Transfers.each(placement.viaSftp(), e -> upload(f, e));
        for (Entry e : cs.links) {
            f.symlink(target.path(placement.temp(e)), e.link());
        }
    }

    /** What the prepare command left: renames into place, attribute fixes, deletions. */
    private void after(FileTransfer f) throws StepFailure, InterruptedException {
        if (!left.isEmpty()) {
            Transfers.each(placement.placed(), e -> {
                f.rename(target.path(placement.temp(e)), target.path(e.path()));
                touched.run();
            });
            left.clear();
        }
        for (ChangeSet.Fix fix : cs.fixes) {
            f.setAttributes(target.path(fix.path()), fix.mode(), null, null, fix.mtime());
            if (fix.mode() != null) {
                touched.run();
            }
        }
        if (!cs.deletes.isEmpty()) {
            touched.run();
            f.remove(cs.deletes.stream().map(target::path).toList());
        }
    }

    private void upload(FileTransfer f, Entry e) throws StepFailure, InterruptedException {
        transfers.upload(f, target.path(placement.temp(e)), e, host);
    }

    /** How the prepare command ended: in place (no failure), failed, or the host's tar could not unpack. */
    private record Prepared(StepResult failure, boolean tarUnusable) {
        static final Prepared DONE = new Prepared(null, false);
    }

    /** Runs the prepare command (see {@link PrepareScript}) with {@code viaTar} in its tar stream. */
    private Prepared prepare(List<Entry> viaTar) throws StepFailure, InterruptedException {
        if (!PrepareScript.needed(placement)) {
            return Prepared.DONE;
        }
        PrepareScript script = PrepareScript.of(target, placement, viaTar, opts, LocalDateTime.now().format(STAMP),
                Transfers.tempName("manifest"));
        if (placement.chownsInPlace()) {
            touched.run();
        }
        ExecResult r = run(script, request(script, viaTar));
        if (r.succeeded()) {
            if (placement.renameHere()) {
                touched.run();
            }
            return Prepared.DONE;
        }
        Optional<ScriptExit> stage = ScriptExit.of(r.exitCode());
        if (stage.isEmpty()) {
            String why = r.exitCode() == null ? "killed" : "prepare step failed with exit code " + r.exitCode();
            return new Prepared(failed(FailureKind.COMMAND_FAILED, why + ": " + firstLine(r.stderrText()), r), false);
        }
        String why = switch (stage.get()) {
            case TAR_UNUSABLE -> null;
            case NOT_VALID -> "validation failed (" + opts.validate() + "); the old file is unchanged";
            case CANNOT_ENTER -> "cannot enter " + target.root();
            case NOT_VERIFIED -> "uploaded content did not verify (SHA-256 mismatch); nothing was replaced";
            case CHOWN_FAILED -> "chown " + opts.owner().chownSpec() + " failed";
            case BACKUP_FAILED -> "cannot keep a backup";
            case RENAME_FAILED -> "cannot rename a file into place";
            case SHELL_UNUSABLE -> "prepare step failed with exit code " + r.exitCode();
        };
        if (why == null) {
            return new Prepared(null, true);
        }
        if (stage.get() == ScriptExit.RENAME_FAILED) {
            touched.run();   // some files may already be in place
        }
        String detail = stage.get() == ScriptExit.NOT_VALID ? "" : ": " + firstLine(r.stderrText());
        return new Prepared(failed(stage.get().kind(), why + detail, r), false);
    }

    /** The command with its stdin: the tar stream (small files, then the manifest), or the manifest alone. */
    private ExecRequest request(PrepareScript script, List<Entry> viaTar) throws StepFailure {
        ExecRequest request = new ExecRequest(script.text(), null, null, null, 0);
        if (!script.viaTar()) {
            return script.manifestOnStdin() ? request.withStdin(script.manifest()) : request;
        }
        // streamed: each file is read from disk as its turn comes, never held whole per push
        List<Tar.Part> parts = new ArrayList<>(viaTar.size() + 2);
        for (Entry e : viaTar) {
            parts.add(transfers.tarEntry(e, placement.temp(e))::open);
        }
        if (script.manifestInTar()) {
            byte[] manifest = Tar.entry(script.manifestName(), 0600, System.currentTimeMillis() / 1000, script.manifest());
            parts.add(() -> new java.io.ByteArrayInputStream(manifest));
        }
        byte[] end = Tar.end();
        parts.add(() -> new java.io.ByteArrayInputStream(end));
        return request.withStdin(() -> Tar.concat(parts));
    }

    /** In the listing's shell while it still waits (no second channel), else as a command of its own. */
    private ExecResult run(PrepareScript script, ExecRequest request) throws StepFailure, InterruptedException {
        if (shell.open()) {
            ExecResult r;
            try {
                r = shell.run(request.command(), request.hasStdin() ? request.openStdin() : null);
            } catch (java.io.IOException e) {
                throw new StepFailure(FailureKind.TRANSFER_FAILED, host + ": cannot stream to the host: " + e.getMessage(), e);
            }
            if (ScriptExit.of(r.exitCode()).orElse(null) != ScriptExit.SHELL_UNUSABLE) {
                return r;
            }
            // that shell could not read the script; nothing of it ran
        }
        return c.exec(request);
    }

    private StepResult failed(FailureKind kind, String message, ExecResult r) {
        return new StepResult(Status.FAILED, kind, r.exitCode(), r.signal(), cs.report() + r.stdoutText(),
                r.stderrText(), message);
    }

    /** Best effort: removes temporary files of a failed attempt (a later push removes any left). */
    private void cleanUp() {
        if (left.isEmpty()) {
            return;
        }
        try (FileTransfer f = c.files()) {
            f.remove(left.values().stream().map(target::path).toList());
        } catch (StepFailure | InterruptedException | RuntimeException ignored) {
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
