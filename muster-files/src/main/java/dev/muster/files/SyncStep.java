package dev.muster.files;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.FileTransfer;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.inventory.Host;
import dev.muster.core.step.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes a host's files match a {@link Target}: list the host's state in one round trip, plan,
 * and (unless dry-run) apply. Each file is written to a temporary name in its own directory,
 * verified on the host (SHA-256), optionally validated, and only then renamed over the real one:
 * a reader never sees a partial file, and an interrupted push leaves every old file intact.
 * The change handler runs once, after everything is in place, only where something changed; if
 * the step fails after a change became visible the handler is owed (see {@link #owed}).
 */
public final class SyncStep implements Step, dev.muster.core.secret.UsesVariables {
    /** Files in flight per host: hides the round trips of each open/close/rename. */
    static final int PARALLEL_FILES = 8;
    /**
     * File uploads in flight across all hosts of one push: bounds memory (each holds at most
     * ~1 MiB of unacknowledged writes) and keeps 2 cores encrypting rather than switching.
     */
    static final int PARALLEL_UPLOADS = 96;
    /** Files up to this size go in one tar stream per host, unpacked by the prepare command. */
    static final long TAR_MAX_FILE = 256 * 1024;
    /** With at most this many files to place, the prepare command renames them itself (mv). */
    static final int RENAMES_IN_SCRIPT = 16;
    /** At most this much small-file content per push is kept in memory as shared tar entries. */
    static final long TAR_MAX_BYTES = 64L << 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    /** Produces the target for one host (the same tree for a push; a rendered file for a template). */
    @FunctionalInterface
    public interface Source {
        Target target(StepContext context) throws StepFailure, InterruptedException;
    }

    private final Source source;
    private final SyncOptions opts;
    private final Excludes excludes;
    private final String description;
    private final Set<String> owedHandler = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.Semaphore uploads = new java.util.concurrent.Semaphore(PARALLEL_UPLOADS);
    private final Map<String, String> tempNames = new ConcurrentHashMap<>();
    private final Map<String, byte[]> tarEntries = new ConcurrentHashMap<>();
    private dev.muster.core.Redactor redactor = dev.muster.core.Redactor.none();
    private KnownHashes known = ctx -> Map.of();
    private Set<String> variables = Set.of();

    /**
     * Content hashes of host files that muster recorded itself when it wrote them (a release's
     * manifest): a file whose size and time on the host are still the recorded ones takes the
     * recorded hash instead of being hashed on the host again.
     */
    @FunctionalInterface
    public interface KnownHashes {
        /** Path (relative to the target root) → what was recorded, for the host of {@code context}. */
        Map<String, Known> forHost(StepContext context);
    }

    /** A recorded file: its size and modification time (seconds) on the host, and its SHA-256. */
    public record Known(long size, long mtime, String sha256) {
    }

    public SyncStep(Source source, SyncOptions opts, Excludes excludes, String description) {
        this.source = source;
        this.opts = opts;
        this.excludes = excludes;
        this.description = description;
    }

    /** Hosts that were owed the change handler by an earlier run: it runs there even without changes. */
    public SyncStep owing(java.util.Collection<String> hosts) {
        if (opts.onChange() != null) {
            owedHandler.addAll(hosts);
        }
        return this;
    }

    /** Trusts recorded hashes of files whose size and time are unchanged (see {@link KnownHashes}). */
    public SyncStep knowing(KnownHashes known) {
        this.known = java.util.Objects.requireNonNull(known, "known");
        return this;
    }

    /** Masks secrets in diffs: a diff line holding one is shown as {@code <secret redacted>}. */
    /** The variables the content may read (a template's), resolved before the run if secret. */
    public SyncStep using(Set<String> names) {
        this.variables = Set.copyOf(names);
        return this;
    }

    @Override
    public Set<String> variableNames() {
        return variables;
    }

    public SyncStep redacting(dev.muster.core.Redactor redactor) {
        this.redactor = redactor;
        return this;
    }

    @Override
    public List<String> owed(Host host) {
        return owedHandler.contains(host.name()) ? List.of(handlerLabel()) : List.of();
    }

    private String handlerLabel() {
        return "on-change: " + opts.onChange();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public StepResult run(StepContext ctx) throws StepFailure, InterruptedException {
        String host = ctx.host().name();
        Target target = source.target(ctx);
        Connection c = ctx.connection();
        List<String> names = target.tree() ? null : target.entries().stream().map(Entry::path).toList();
        try (ListingShell shell = ListingShell.open(c, target.root(), names, opts.owner() != null, host)) {
            return run(ctx, c, target, shell.listing(), shell);
        }
    }

    private StepResult run(StepContext ctx, Connection c, Target target, Remote.Listing listing, ListingShell shell)
            throws StepFailure, InterruptedException {
        String host = ctx.host().name();
        Map<String, String> hashes = new java.util.HashMap<>();
        List<String> candidates = new ArrayList<>(Planner.hashCandidates(target, listing, opts));
        Map<String, Known> recorded = known.forHost(ctx);
        candidates.removeIf(p -> {
            Known k = recorded.get(p);
            RemoteEntry r = listing.entries().get(p);
            if (k != null && r != null && r.size() == k.size() && r.mtime() == k.mtime()) {
                hashes.put(p, k.sha256());
                return true;
            }
            return false;
        });
        if (!candidates.isEmpty()) {
            shell.close();  // a connection runs one command at a time
            StringBuilder list = new StringBuilder();
            candidates.forEach(p -> list.append("./").append(p).append('\n'));
            String cmd = "cd -- " + Shell.quote(target.root()) + " && tr '\\n' '\\0' | " + Remote.HASH_EACH;
            ExecResult r = c.exec(new ExecRequest(cmd, list.toString().getBytes(StandardCharsets.UTF_8), null, null,
                    16 << 20));
            hashes.putAll(Remote.parseHashes(r.stdoutText()));
        }
        ChangeSet cs = Planner.plan(target, listing, hashes, opts, excludes, host);
        if (opts.maxDelete() >= 0 && cs.deleteCount() > opts.maxDelete()) {
            return new StepResult(Status.FAILED, FailureKind.LIMIT_EXCEEDED, null, null, cs.report(), "",
                    cs.deleteCount() + " paths would be deleted, more than --max-delete " + opts.maxDelete()
                            + "; nothing was changed");
        }
        if (opts.diff()) {
            shell.close();
            Diffs.add(c, target, cs, redactor);
        }
        if (opts.dryRun()) {
            return new StepResult(cs.changed() ? Status.CHANGED : Status.OK, null, null, null, cs.report(), "",
                    cs.summary(true));
        }
        if (cs.anyWork()) {
            StepResult failed = apply(c, target, cs, host, shell);
            if (failed != null) {
                return failed;
            }
        }
        String summary = cs.summary(false);
        shell.close();
        if (opts.onChange() != null && (cs.changed() || owedHandler.contains(host))) {
            owedHandler.add(host);
            ExecResult h = c.exec(new ExecRequest(opts.onChange(), null, ctx.remaining(), null, 0));
            String out = cs.report() + h.stdoutText();
            if (!h.succeeded()) {
                String why = h.signal() != null ? "killed by signal " + h.signal() : "exit code " + h.exitCode();
                return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, h.exitCode(), h.signal(), out,
                        h.stderrText(), summary + "; on-change handler failed (" + why + "), still owed");
            }
            owedHandler.remove(host);
            return new StepResult(Status.CHANGED, null, 0, null, out, h.stderrText(),
                    (cs.changed() ? summary + ";" : "up to date; owed") + " on-change handler ran");
        }
        return new StepResult(cs.changed() ? Status.CHANGED : Status.OK, null, null, null, cs.report(), "", summary);
    }

    /** Applies a change set; returns a failed result, or null when everything is in place. */
    private StepResult apply(Connection c, Target target, ChangeSet cs, String host, ListingShell shell)
            throws StepFailure, InterruptedException {
        String root = target.root();
        Map<String, String> temps = new LinkedHashMap<>();
        for (Entry e : cs.uploads) {
            temps.put(e.path(), tempFor(e.path()));
        }
        for (Entry e : cs.links) {
            temps.put(e.path(), tempFor(e.path()));
        }
        List<Entry> viaTar = new ArrayList<>();
        List<Entry> viaSftp = new ArrayList<>();
        long tarBytes = 0;
        for (Entry e : cs.uploads) {
            boolean small = e.size() <= TAR_MAX_FILE && tarBytes + e.size() <= TAR_MAX_BYTES;
            (small ? viaTar : viaSftp).add(e);
            tarBytes += small ? e.size() : 0;
        }
        boolean sftpFirst = !cs.staleTemps.isEmpty() || !cs.clear.isEmpty() || !cs.dirs.isEmpty()
                || !viaSftp.isEmpty() || !cs.links.isEmpty();
        if (cs.makeRoot || sftpFirst) {
            // the host changes over other channels before the prepare script: the listing's shell
            // must not hold the connection meanwhile (a connection runs one command at a time)
            shell.close();
        }
        if (cs.makeRoot) {
            ExecResult r = c.exec(ExecRequest.of("mkdir -p -- " + Shell.quote(root)));
            if (!r.succeeded()) {
                return failed(cs, FailureKind.TRANSFER_FAILED, "cannot create " + root + ": "
                        + firstLine(r.stderrText()), r);
            }
            touched(host, cs);
        }
        if (sftpFirst) {
            try (FileTransfer f = c.files()) {
                if (!cs.staleTemps.isEmpty()) {
                    f.remove(cs.staleTemps.stream().map(target::path).toList());
                }
                if (!cs.clear.isEmpty()) {
                    touched(host, cs);
                    f.remove(cs.clear.stream().map(target::path).toList());
                }
                // directories level by level: parents exist before their children, siblings in parallel
                java.util.TreeMap<Long, List<Entry>> levels = new java.util.TreeMap<>();
                for (Entry d : cs.dirs) {
                    levels.computeIfAbsent(d.path().chars().filter(ch -> ch == '/').count(),
                            k -> new ArrayList<>()).add(d);
                }
                for (List<Entry> level : levels.values()) {
                    parallel(level, d -> f.mkdir(target.path(d.path()), d.mode()));
                    touched(host, cs);
                }
                parallel(viaSftp, e -> upload(f, target, e, temps.get(e.path()), host));
                for (Entry e : cs.links) {
                    f.symlink(target.path(temps.get(e.path())), e.link());
                }
            } catch (StepFailure | InterruptedException | RuntimeException e) {
                cleanUp(c, target, temps);
                throw e;
            }
        }
        List<Entry> placed = new ArrayList<>(cs.uploads);
        placed.addAll(cs.links);
        boolean renameHere = !placed.isEmpty() && placed.size() <= RENAMES_IN_SCRIPT;
        StepResult failure;
        try {
            failure = prepare(c, shell, target, cs, temps, viaTar, renameHere, host);
            if (failure == TAR_UNUSABLE) {
                // no usable tar on this host: the same files over SFTP, then the same checks
                try (FileTransfer f = c.files()) {
                    parallel(viaTar, e -> upload(f, target, e, temps.get(e.path()), host));
                }
                failure = prepare(c, shell, target, cs, temps, List.of(), renameHere, host);
            }
        } catch (StepFailure | InterruptedException | RuntimeException e) {
            cleanUp(c, target, temps);
            throw e;
        }
        if (failure != null) {
            cleanUp(c, target, temps);
            return failure;
        }
        shell.close();
        if (renameHere) {
            temps.clear();
        }
        if (temps.isEmpty() && cs.fixes.isEmpty() && cs.deletes.isEmpty()) {
            return null;
        }
        try (FileTransfer f = c.files()) {
            if (!temps.isEmpty()) {
                parallel(placed, e -> {
                    f.rename(target.path(temps.get(e.path())), target.path(e.path()));
                    touched(host, cs);
                });
                temps.clear();
            }
            for (ChangeSet.Fix fix : cs.fixes) {
                f.setAttributes(target.path(fix.path()), fix.mode(), null, null, fix.mtime());
                if (fix.mode() != null) {
                    touched(host, cs);
                }
            }
            if (!cs.deletes.isEmpty()) {
                touched(host, cs);
                f.remove(cs.deletes.stream().map(target::path).toList());
            }
        } catch (StepFailure | InterruptedException | RuntimeException e) {
            cleanUp(c, target, temps);
            throw e;
        }
        return null;
    }

    /** Returned by {@link #prepare} when the host's tar could not unpack the stream. */
    private static final StepResult TAR_UNUSABLE = StepResult.ok("tar unusable");

    /**
     * One command on the host, before anything replaces a real file: unpack the small files (a
     * tar stream on stdin, when there are any), verify every upload's SHA-256 against a manifest,
     * set ownership, keep backups, validate, and for a few files rename them into place. Each
     * stage runs only if the ones before it succeeded. Returns a failed result, {@link #TAR_UNUSABLE},
     * or null.
     */
    private StepResult prepare(Connection c, ListingShell shell, Target target, ChangeSet cs, Map<String, String> temps,
                               List<Entry> viaTar, boolean renameHere, String host)
            throws StepFailure, InterruptedException {
        boolean any = !cs.uploads.isEmpty() || !cs.chown.isEmpty() || !cs.backups.isEmpty() || renameHere;
        if (!any) {
            return null;
        }
        // A few uploads and nothing to chown: their hashes go into the script itself and are
        // checked with one command (as few processes as possible: each costs the host a fork).
        // Otherwise a manifest: "H <sha256>  ./TEMP" per upload, "C ./PATH" per other path to
        // chown; it travels in the tar stream or on stdin (never in the command line, whose size
        // is capped), and xargs hands any number of paths to the tools.
        boolean lean = cs.chown.isEmpty() && cs.uploads.size() <= RENAMES_IN_SCRIPT
                && cs.uploads.stream().map(e -> temps.get(e.path())).allMatch(SyncStep::plainName);
        StringBuilder manifest = new StringBuilder();
        for (Entry e : cs.uploads) {
            manifest.append("H ").append(e.content().sha256()).append("  ./").append(temps.get(e.path())).append('\n');
        }
        for (String p : cs.chown) {
            manifest.append("C ./").append(temps.getOrDefault(p, p)).append('\n');
        }
        byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        String manifestName = tempName("manifest");
        StringBuilder sh = new StringBuilder("cd -- ").append(Shell.quote(target.root())).append(" || exit 3\n");
        if (!viaTar.isEmpty()) {
            sh.append("tar -x -p --no-same-owner -f - || ")
                    .append(lean ? "exit 10\n" : "{ rm -f ./" + manifestName + "; exit 10; }\n");
        }
        if (lean) {
            if (!cs.uploads.isEmpty()) {
                sh.append(verifyInline(cs.uploads, temps));
            }
        } else {
            sh.append(viaTar.isEmpty() ? "m=$(cat)\n" : "m=$(cat ./" + manifestName + "); rm -f ./" + manifestName + "\n");
        }
        if (!lean && !cs.uploads.isEmpty()) {
            sh.append("want=$(printf '%s\\n' \"$m\" | sed -n 's/^H \\(.\\{64\\}\\).*/\\1/p')\n")
                    .append("got=$(printf '%s\\n' \"$m\" | sed -n 's/^H .\\{64\\}  //p' | tr '\\n' '\\0' | ")
                    .append(Remote.HASH_EACH)
                    .append(" | sed 's/^\\\\//' | cut -c1-64)\n")
                    .append("[ \"$got\" = \"$want\" ] || { echo 'uploaded content does not match its SHA-256' >&2; exit 4; }\n");
        }
        if (!cs.chown.isEmpty()) {
            sh.append("printf '%s\\n' \"$m\" | sed -n 's/^C //p' | tr '\\n' '\\0' | xargs -0 chown -h -- ")
                    .append(Shell.quote(opts.owner().chownSpec())).append(" || exit 5\n");
            if (cs.chown.stream().anyMatch(p -> !temps.containsKey(p))) {
                touched(host, cs);
            }
        }
        String stamp = LocalDateTime.now().format(STAMP);
        for (String p : cs.backups) {
            sh.append("ln -f -- ").append(Shell.quote("./" + p)).append(' ')
                    .append(Shell.quote("./" + p + ".~" + stamp + "~")).append(" || exit 6\n");
        }
        if (opts.validate() != null) {
            for (Entry e : cs.uploads) {
                String cmd = opts.validate().replace("{}", Shell.quote(target.path(temps.get(e.path()))));
                sh.append("( ").append(cmd).append(" ) || exit 7\n");
            }
        }
        if (renameHere) {
            // a few files: rename(2) right here saves a round trip
            List<Entry> placed = new ArrayList<>(cs.uploads);
            placed.addAll(cs.links);
            sh.append(renames(placed, temps));
        }
        ExecRequest request = new ExecRequest(sh.toString(), null, null, null, 0);
        if (viaTar.isEmpty()) {
            request = lean ? request : request.withStdin(manifestBytes);
        } else {
            List<byte[]> parts = new ArrayList<>(viaTar.size() + 2);
            for (Entry e : viaTar) {
                parts.add(tarEntry(e, temps.get(e.path())));
            }
            if (!lean) {
                parts.add(Tar.entry(manifestName, 0600, System.currentTimeMillis() / 1000, manifestBytes));
            }
            parts.add(Tar.end());
            request = request.withStdin(() -> new java.io.SequenceInputStream(java.util.Collections.enumeration(
                    parts.stream().map(java.io.ByteArrayInputStream::new).toList())));
        }
        ExecResult r = null;
        if (shell.open()) {
            // still waiting after the listing: the script runs there, without a second channel
            try {
                r = shell.run(request.command(), request.hasStdin() ? request.openStdin() : null);
            } catch (java.io.IOException e) {
                throw new StepFailure(FailureKind.TRANSFER_FAILED, host + ": cannot stream to the host: " + e.getMessage(), e);
            }
            if (r.exitCode() != null && r.exitCode() == ListingShell.UNUSABLE) {
                r = null;   // that shell could not read the script; nothing of it ran
            }
        }
        if (r == null) {
            r = c.exec(request);
        }
        if (r.succeeded()) {
            if (renameHere) {
                touched(host, cs);
            }
            return null;
        }
        Integer code = r.exitCode();
        if (code != null && code == 10) {
            return TAR_UNUSABLE;
        }
        if (code != null && code == 8) {
            touched(host, cs);   // some files may already be in place
        }
        if (code != null && code == 7) {
            return failed(cs, FailureKind.VALIDATION_FAILED, "validation failed ("
                    + opts.validate() + "); the old file is unchanged", r);
        }
        String why = code == null ? "killed" : switch (code) {
            case 3 -> "cannot enter " + target.root();
            case 4 -> "uploaded content did not verify (SHA-256 mismatch); nothing was replaced";
            case 5 -> "chown " + opts.owner().chownSpec() + " failed";
            case 6 -> "cannot keep a backup";
            case 8 -> "cannot rename a file into place";
            default -> "prepare step failed with exit code " + code;
        };
        return failed(cs, code != null && code == 4 ? FailureKind.TRANSFER_FAILED : FailureKind.COMMAND_FAILED,
                why + ": " + firstLine(r.stderrText()), r);
    }

    /**
     * The tar entry of a file under its temporary name. Entries of files on the controller's disk
     * are built once and shared by every host; rendered content differs per host and is not kept.
     */
    private byte[] tarEntry(Entry e, String temp) throws StepFailure {
        boolean shared = e.content() instanceof Content.OnDisk;
        byte[] seg = shared ? tarEntries.get(e.path()) : null;
        if (seg == null) {
            try {
                seg = Tar.entry(temp, e.mode(), e.mtime(), Tar.read(e.content()));
            } catch (IOException io) {
                throw new StepFailure(FailureKind.INTERNAL, "cannot read local " + e.path() + ": " + io, io);
            }
            if (shared) {
                byte[] raced = tarEntries.putIfAbsent(e.path(), seg);
                seg = raced == null ? seg : raced;
            }
        }
        return seg;
    }

    /** The temporary name of a path, the same on every host of this push (entries are shared). */
    private String tempFor(String path) {
        return tempNames.computeIfAbsent(path, SyncStep::tempName);
    }

    private void upload(FileTransfer f, Target target, Entry e, String temp, String host)
            throws StepFailure, InterruptedException {
        String path = target.path(temp);
        long n;
        uploads.acquire();
        try (InputStream in = e.content().open()) {
            n = f.upload(path, in, e.mode(), e.mtime());
        } catch (IOException io) {
            throw new StepFailure(FailureKind.INTERNAL, host + ": cannot read local " + e.path() + ": " + io, io);
        } finally {
            uploads.release();
        }
        if (n != e.size()) {
            throw new StepFailure(FailureKind.TRANSFER_FAILED, host + ": " + e.path() + " changed locally during the "
                    + "push (" + n + " bytes sent, " + e.size() + " expected)");
        }
    }

    private void touched(String host, ChangeSet cs) {
        if (opts.onChange() != null && cs.changed()) {
            owedHandler.add(host);
        }
    }

    private static StepResult failed(ChangeSet cs, FailureKind kind, String message, ExecResult r) {
        return new StepResult(Status.FAILED, kind, r.exitCode(), r.signal(), cs.report() + r.stdoutText(),
                r.stderrText(), message);
    }

    /** Best effort: removes temporary files of a failed attempt (a later push removes any left). */
    private static void cleanUp(Connection c, Target target, Map<String, String> temps) {
        if (temps.isEmpty()) {
            return;
        }
        try (FileTransfer f = c.files()) {
            f.remove(temps.values().stream().map(target::path).toList());
        } catch (StepFailure | InterruptedException | RuntimeException ignored) {
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Checks the uploads' SHA-256 in one command whose expected output is written into the script,
     * with coreutils' sha256sum or OpenSSL (whichever the host has, the cheaper for the size first).
     * Only for names that neither tool escapes ({@link #plainName}).
     */
    private static String verifyInline(List<Entry> uploads, Map<String, String> temps) {
        StringBuilder files = new StringBuilder();
        StringBuilder openssl = new StringBuilder();
        StringBuilder coreutils = new StringBuilder();
        for (Entry e : uploads) {
            String p = "./" + temps.get(e.path());
            String h = e.content().sha256();
            files.append(' ').append(Shell.quote(p));
            openssl.append(openssl.isEmpty() ? "" : "\n").append(h).append(" *").append(p);
            coreutils.append(coreutils.isEmpty() ? "" : "\n").append(h).append("  ").append(p);
        }
        String viaOpenssl = "openssl dgst -sha256 -r --" + files;
        String viaCoreutils = "sha256sum --" + files;
        // OpenSSL hashes megabytes faster (SHA instructions) but costs the host more to start:
        // a few small files are checked by coreutils first
        boolean small = uploads.stream().mapToLong(Entry::size).sum() < (4 << 20);
        String first = small ? viaCoreutils : viaOpenssl;
        String second = small ? viaOpenssl : viaCoreutils;
        String firstWant = Shell.quote((small ? coreutils : openssl).toString());
        String secondWant = Shell.quote((small ? openssl : coreutils).toString());
        return "if got=$(" + first + " 2>/dev/null); then [ \"$got\" = " + firstWant + " ]; else [ \"$(" + second
                + ")\" = " + secondWant + " ]; fi"
                + " || { echo 'uploaded content does not match its SHA-256' >&2; exit 4; }\n";
    }

    /**
     * Renames temporaries into place, in order, stopping at the first failure (exit 8). Two or
     * more go through one perl process when the host has perl (each process costs the host a fork
     * and an exec; Debian and Ubuntu always have perl-base), else one mv each.
     */
    static String renames(List<Entry> placed, Map<String, String> temps) {
        StringBuilder mv = new StringBuilder();
        StringBuilder args = new StringBuilder();
        for (Entry e : placed) {
            String from = Shell.quote("./" + temps.get(e.path()));
            String to = Shell.quote("./" + e.path());
            mv.append("mv -f -- ").append(from).append(' ').append(to).append(" || exit 8\n");
            args.append(' ').append(from).append(' ').append(to);
        }
        if (placed.size() < 2) {
            return mv.toString();
        }
        return "if command -v perl >/dev/null 2>&1; then\n"
                + "perl -e 'while (@ARGV) { my ($f, $t) = splice(@ARGV, 0, 2); rename($f, $t) or exit 8 }' --"
                + args + " || exit 8\nelse\n" + mv + "fi\n";
    }

    /** A path sha256sum prints as it is (no backslash, no newline). */
    static boolean plainName(String path) {
        return path.indexOf('\\') < 0 && path.indexOf('\n') < 0 && path.indexOf('\r') < 0;
    }

    static String tempName(String path) {
        int slash = path.lastIndexOf('/');
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return path.substring(0, slash + 1) + Remote.TEMP_PREFIX + HexFormat.of().formatHex(b);
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    @FunctionalInterface
    private interface Io<T> {
        void accept(T t) throws StepFailure, InterruptedException;
    }

    /** Runs {@code action} over {@code items} on up to {@link #PARALLEL_FILES} virtual threads; first failure wins. */
    private static <T> void parallel(List<T> items, Io<T> action) throws StepFailure, InterruptedException {
        if (items.isEmpty()) {
            return;
        }
        ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>(items);
        AtomicReference<Throwable> error = new AtomicReference<>();
        int n = Math.min(PARALLEL_FILES, items.size());
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (T item; error.get() == null && (item = queue.poll()) != null; ) {
                    try {
                        action.accept(item);
                    } catch (StepFailure | InterruptedException | RuntimeException e) {
                        error.compareAndSet(null, e);
                    }
                }
            }));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            throw e;
        }
        Throwable t = error.get();
        if (t instanceof StepFailure sf) {
            throw sf;
        }
        if (t instanceof InterruptedException ie) {
            throw ie;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
    }
}
