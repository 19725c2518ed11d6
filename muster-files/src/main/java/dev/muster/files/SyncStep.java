package dev.muster.files;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.inventory.Host;
import dev.muster.core.step.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a host's files match a {@link Target}: list the host's state in one round trip, plan
 * the {@link ChangeSet} ({@link Planner}, pure), and (unless dry-run) write it
 * ({@link ChangeWriter}, the I/O). Each file is written to a temporary name in its own directory,
 * verified on the host (SHA-256), optionally validated, and only then renamed over the real one:
 * a reader never sees a partial file, and an interrupted push leaves every old file intact.
 * The change handler runs once, after everything is in place, only where something changed; if
 * the step fails after a change became visible the handler is owed (see {@link #owed}).
 */
public final class SyncStep implements Step, dev.muster.core.secret.UsesVariables {
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
    private final Transfers transfers = new Transfers();
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

    /** The variables the content may read (a template's), resolved before the run if secret. */
    public SyncStep using(Set<String> names) {
        this.variables = Set.copyOf(names);
        return this;
    }

    @Override
    public Set<String> variableNames() {
        return variables;
    }

    /** Masks secrets in diffs: a diff line holding one is shown as {@code <secret redacted>}. */
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
            StepResult r = run(ctx, c, target, shell.listing(), shell);
            return c instanceof dev.muster.core.relay.RelayedConnection rc ? viaRelay(r, rc.relayName()) : r;
        }
    }

    /** A leaf reached through a relay says so, as the relay's own copies do. */
    private static StepResult viaRelay(StepResult r, String relay) {
        return new StepResult(r.status(), r.kind(), r.exitCode(), r.signal(), r.stdout(), r.stderr(),
                r.message() + " (via relay " + relay + ")");
    }

    private StepResult run(StepContext ctx, Connection c, Target target, Remote.Listing listing, ListingShell shell)
            throws StepFailure, InterruptedException {
        String host = ctx.host().name();
        ChangeSet cs = Planner.plan(target, listing, hashes(ctx, c, target, listing, shell), opts, excludes, host);
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
            Runnable touched = () -> {
                if (opts.onChange() != null && cs.changed()) {
                    owedHandler.add(host);
                }
            };
            StepResult failed = new ChangeWriter(c, target, Placement.of(cs, transfers::tempFor), shell, transfers,
                    opts, host, touched).apply();
            if (failed != null) {
                return failed;
            }
        }
        shell.close();
        if (opts.onChange() != null && (cs.changed() || owedHandler.contains(host))) {
            return onChange(ctx, c, cs);
        }
        return new StepResult(cs.changed() ? Status.CHANGED : Status.OK, null, null, null, cs.report(), "",
                cs.summary(false));
    }

    /**
     * The host's SHA-256 of the files whose size and time cannot decide (see {@link Planner#hashCandidates}),
     * taking a hash muster recorded itself when the file's size and time are still the recorded ones.
     */
    private Map<String, String> hashes(StepContext ctx, Connection c, Target target, Remote.Listing listing,
                                       ListingShell shell) throws StepFailure, InterruptedException {
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
        return hashes;
    }

    /** Runs the change handler where something changed (or it was owed); it stays owed until it succeeds. */
    private StepResult onChange(StepContext ctx, Connection c, ChangeSet cs) throws StepFailure, InterruptedException {
        String host = ctx.host().name();
        String summary = cs.summary(false);
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
}
