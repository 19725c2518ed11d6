package dev.muster.files.release;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.step.Shell;
import dev.muster.files.Excludes;
import dev.muster.files.LocalTree;
import dev.muster.files.SyncOptions;
import dev.muster.files.SyncStep;
import dev.muster.files.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installs one release on a host and switches {@code <base>/current} to it:
 * <ol>
 *   <li>{@code releases/ID.partial} is seeded with {@code cp -a} of the current release (copies,
 *       not hard links: a later chmod or chown must not reach the old release), so files that did
 *       not change are not sent again;</li>
 *   <li>the artifact's tree is synced into it (changed files only, by SHA-256; extra files deleted),
 *       trusting the seed release's {@link Manifest} for files whose size and time are unchanged,
 *       so they are not hashed on the host again;</li>
 *   <li>a manifest of the new release's files is written into it;</li>
 *   <li>chown, then {@code build} and {@code migrate} run inside it; a failure removes it and
 *       leaves {@code current} alone;</li>
 *   <li>the marker is written, the directory renamed to {@code releases/ID}, and {@code current}
 *       switched atomically (see {@link CurrentLink});</li>
 *   <li>old releases beyond {@code keep} are removed, never the current or the previous one.</li>
 * </ol>
 * A host where {@code current} already points at the complete release is left alone (OK).
 */
public final class ReleaseStep implements Step {
    private final ReleaseSpec spec;
    private final LocalTree tree;
    private final String sha256;
    private final PlanContext plan;
    private final SyncStep sync;
    /** The sync, or behind a relay: the tree staged once per relay, copied from there into each leaf's partial directory. */
    private final dev.muster.core.exec.Step relayed;
    /** Per host, the manifest of the release the partial directory was seeded from. */
    private final Map<String, Map<String, SyncStep.Known>> seeded = new ConcurrentHashMap<>();

    ReleaseStep(ReleaseSpec spec, LocalTree tree, String sha256, PlanContext plan) {
        this.spec = spec;
        this.tree = tree;
        this.sha256 = sha256;
        this.plan = plan;
        Target partial = new Target(partialDir(), true, tree.entries());
        this.sync = new SyncStep(ctx -> partial, syncOptions(false, false), markerExcluded(), describe())
                .redacting(plan.redactor())
                .knowing(ctx -> seeded.getOrDefault(ctx.host().name(), Map.of()));
        // staged per base: the copy on the relay stays, so the next release sends it only what changed
        this.relayed = dev.muster.files.RelayPush.stagedAs("release " + spec.base(), sync, tree, partialDir(),
                syncOptions(false, false), markerExcluded(), MARKER_PATTERNS);
    }

    /**
     * Verifies the artifact (checksum, signature) and unpacks it on the controller, once, before any
     * host is touched; then returns the step to run on each host.
     *
     * @throws dev.muster.core.InputException a failed check or an unreadable artifact, naming the plan line
     */
    public static ReleaseStep of(ReleaseSpec spec, PlanContext plan) {
        String sha = ArtifactCheck.verify(spec);
        LocalTree tree = Artifacts.tree(spec);
        return new ReleaseStep(spec, tree, sha, plan);
    }

    public ReleaseSpec spec() {
        return spec;
    }

    /** The artifact's SHA-256, or null for a directory artifact. */
    public String sha256() {
        return sha256;
    }

    @Override
    public String describe() {
        return "release " + spec.id() + " → " + spec.base();
    }

    @Override
    public StepResult run(StepContext ctx) throws StepFailure, InterruptedException {
        Connection c = ctx.connection();
        HostReleases state = CurrentLink.read(c, spec.base());
        String before = state.current();
        if (spec.id().equals(before) && state.complete().contains(spec.id())) {
            return StepResult.ok("release " + spec.id() + " is current");
        }
        if (plan.check()) {
            return wouldRelease(ctx, state);
        }
        String seed = state.complete().contains(spec.id()) ? spec.id()
                : before != null && state.complete().contains(before) ? before : null;
        ExecResult made = c.exec(ExecRequest.of(seedCommand(seed)));
        if (!made.succeeded()) {
            return abandon(c, CurrentLink.failed(made, "cannot prepare " + partialDir()));
        }
        seeded.put(ctx.host().name(), Manifest.parse(made.stdoutText()));
        StepResult synced;
        try {
            synced = relayed.run(ctx);
        } finally {
            seeded.remove(ctx.host().name());
        }
        if (synced.status() == Status.FAILED) {
            return abandon(c, synced);
        }
        ExecResult recorded = c.exec(ExecRequest.of(Manifest.listCommand(partialDir())));
        if (recorded.succeeded()) {
            String manifest = Manifest.of(tree, recorded.stdoutText(), spec.build() != null || spec.migrate() != null);
            c.exec(new ExecRequest("cat > " + Shell.quote(partialDir() + "/" + HostReleases.MANIFEST),
                    manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null, 0));
        }
        StringBuilder out = new StringBuilder(synced.stdout());
        StepResult prepared = prepare(c, ctx, before, out);
        if (prepared != null) {
            return abandon(c, prepared);
        }
        Revision revision = Revision.now(plan.user(), spec.id(), before, sha256, plan.runId(), false);
        ExecResult placed = c.exec(ExecRequest.of(placeCommand(revision)));
        if (!placed.succeeded()) {
            return abandon(c, CurrentLink.failed(placed, "cannot switch to release " + spec.id()));
        }
        List<String> pruned = prune(c, state, revision);
        String message = "released " + spec.id() + (before == null ? "" : " (was " + before + ")") + ": "
                + synced.message() + (pruned.isEmpty() ? "" : "; removed " + String.join(" ", pruned));
        return new StepResult(Status.CHANGED, null, 0, null, out.toString(), "", message);
    }

    /** Check mode: what would change against the current release; nothing is written. */
    private StepResult wouldRelease(StepContext ctx, HostReleases state) throws StepFailure, InterruptedException {
        String against = state.current() != null && state.complete().contains(state.current())
                ? spec.base() + "/releases/" + state.current() : partialDir();
        Target target = new Target(against, true, tree.entries());
        StepResult dry = new SyncStep(x -> target, syncOptions(true, plan.diff()), markerExcluded(), describe())
                .redacting(plan.redactor()).run(ctx);
        if (dry.status() == Status.FAILED) {
            return dry;
        }
        String files = dry.message().replace("would change: ", "");
        // the diff compares with the current release; label its new side with where the files will be
        String diff = dry.stdout().replace("+++ " + against + "/", "+++ " + spec.releaseDir() + "/");
        return new StepResult(Status.CHANGED, null, null, null, diff, "", "would release " + spec.id()
                + (state.current() == null ? "" : " (now " + state.current() + ")") + ": " + files
                + (spec.build() != null || spec.migrate() != null ? "; would run build/migrate" : ""));
    }

    /** chown, build and migrate inside the partial directory; a failed result, or null. */
    private StepResult prepare(Connection c, StepContext ctx, String before, StringBuilder out)
            throws StepFailure, InterruptedException {
        if (spec.owner() != null) {
            ExecResult r = c.exec(ExecRequest.of("chown -R -h -- " + Shell.quote(spec.owner().toString()) + " "
                    + Shell.quote(partialDir())));
            if (!r.succeeded()) {
                return CurrentLink.failed(r, "chown " + spec.owner() + " failed");
            }
        }
        for (String[] command : new String[][]{{"build", spec.build()}, {"migrate", spec.migrate()}}) {
            if (command[1] == null) {
                continue;
            }
            String sh = "cd -- " + Shell.quote(partialDir()) + " || exit 3\n"
                    + "MUSTER_RELEASE_ID=" + Shell.quote(spec.id()) + " MUSTER_RELEASE_BASE=" + Shell.quote(spec.base())
                    + " MUSTER_PREVIOUS_RELEASE=" + Shell.quote(before == null ? "" : before)
                    + "; export MUSTER_RELEASE_ID MUSTER_RELEASE_BASE MUSTER_PREVIOUS_RELEASE\n"
                    + command[1] + "\n";
            ExecResult r = c.exec(new ExecRequest(sh, null, ctx.remaining(), null, 0));
            out.append(r.stdoutText());
            if (!r.succeeded()) {
                String why = r.signal() != null ? "killed by signal " + r.signal() : "exit code " + r.exitCode();
                return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, r.exitCode(), r.signal(),
                        out.toString(), r.stderrText(), command[0] + " failed (" + why + "); current left at "
                        + (before == null ? "nothing" : before));
            }
        }
        return null;
    }

    /** Removes the partial directory after a failure and returns the failure. */
    private StepResult abandon(Connection c, StepResult failure) throws InterruptedException {
        try {
            c.exec(ExecRequest.of("rm -rf -- " + Shell.quote(partialDir())));
        } catch (StepFailure ignored) {
            // the next release removes a leftover partial directory before it starts
        }
        return failure;
    }

    private List<String> prune(Connection c, HostReleases state, Revision revision)
            throws StepFailure, InterruptedException {
        Set<String> complete = new LinkedHashSet<>(state.complete());
        complete.add(spec.id());
        Set<String> other = new LinkedHashSet<>(state.other());
        other.remove(spec.id() + ".partial");
        List<Revision> log = new ArrayList<>(state.revisions());
        log.add(revision);
        HostReleases after = new HostReleases(spec.id(), complete, other, log);
        List<String> delete = after.prune(spec.keep(), spec.id(), revision.previous());
        CurrentLink.remove(c, spec.base(), delete);
        return delete;
    }

    private String seedCommand(String seed) {
        String releases = Shell.quote(spec.base() + "/releases");
        String partial = Shell.quote(partialDir());
        String copy = seed == null ? "mkdir -- " + partial
                : "cp -a -- " + Shell.quote(spec.base() + "/releases/" + seed) + " " + partial;
        String manifest = Shell.quote(partialDir() + "/" + HostReleases.MANIFEST);
        // the seed's manifest is printed (the sync trusts it for unchanged files), then dropped
        return "mkdir -p -- " + releases + " && rm -rf -- " + partial + " && " + copy
                + " && rm -f -- " + Shell.quote(partialDir() + "/" + HostReleases.MARKER)
                + " && { cat -- " + manifest + " 2>/dev/null; rm -f -- " + manifest + "; }";
    }

    /** Marks the partial directory complete, renames it into place and switches current. */
    private String placeCommand(Revision revision) {
        String id = spec.id();
        String rel = Shell.quote("releases/" + id);
        String partial = Shell.quote("releases/" + id + ".partial");
        return "cd -- " + Shell.quote(spec.base()) + " || exit 3\n"
                + "printf '%s %s\\n' " + Shell.quote(id) + " " + Shell.quote(sha256 == null ? "-" : sha256) + " > "
                + Shell.quote("releases/" + id + ".partial/" + HostReleases.MARKER) + " || exit 6\n"
                // a release of the same id already there (not current) is renamed aside, then removed
                + "old=" + Shell.quote("releases/." + id + ".replaced") + "-$$\n"
                + "if [ -e " + rel + " ]; then mv -T -- " + rel + " \"$old\" || exit 6; fi\n"
                + "mv -T -- " + partial + " " + rel + " || exit 6\n"
                + "rm -rf -- \"$old\"\n"
                + CurrentLink.switchLines(revision);
    }

    private String partialDir() {
        return spec.releaseDir() + ".partial";
    }

    private static SyncOptions syncOptions(boolean dryRun, boolean diff) {
        // by content (SHA-256): reproducible builds give every file the same time, so time and size prove nothing
        return new SyncOptions(true, -1, false, dryRun, diff, null, null, null, true, null, null);
    }

    private static final List<String> MARKER_PATTERNS = List.of("/" + HostReleases.MARKER, "/" + HostReleases.MANIFEST);

    private static Excludes markerExcluded() {
        return Excludes.of(MARKER_PATTERNS);
    }
}
