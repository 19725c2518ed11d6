package dev.muster.files;

import dev.muster.core.InputException;
import dev.muster.core.exec.Connection;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.inventory.Host;
import dev.muster.core.relay.RelayedConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A push whose hosts may sit behind relays. A host reached directly gets the ordinary
 * {@link SyncStep}. For a host behind a relay, the tree is first staged on the relay, once per
 * relay and push, by that same SyncStep (changed-only, verified, into the relay's private
 * {@code ~/.muster-relay/stage/KEY}); then the relay copies it to the leaf with its own rsync
 * over ssh ({@link RelayCopy}), so the controller's uplink carries each byte once per relay while
 * every leaf still gets its own outcome (what was created, updated, deleted; its handler).
 *
 * <p>What cannot be staged once and copied (a single file, {@code --validate}, {@code --diff},
 * which need the leaf's side of each file) runs the ordinary SyncStep over the relayed connection:
 * the content then goes through the relay once per leaf, with the same outcome as directly.
 */
public final class RelayPush implements Step {
    private final SyncStep direct;
    private final RelayCopy copy;
    private final boolean shared;
    private final String key;
    private final Map<String, CompletableFuture<StepResult>> staged = new ConcurrentHashMap<>();
    private final LocalTree stagingTree;
    private final SyncOptions stagingOpts;
    private final Excludes excludes;

    /**
     * @param excludePatterns the --exclude patterns as typed (they also protect leaf files from --delete)
     */
    public RelayPush(SyncStep direct, LocalTree tree, String dest, SyncOptions opts, Excludes excludes,
                     List<String> excludePatterns, boolean compress, String copyMode) {
        this(direct, tree, dest, opts, excludes, excludePatterns, compress, copyMode,
                stageKey(tree.source().toAbsolutePath().toString(), dest));
    }

    /**
     * A push whose staged copy on each relay is named by {@code stageName} alone, not by its source
     * and destination: a release's, whose artifact is unpacked anew each run into a destination that
     * names the release. The copy stays between runs, so the next one sends the relay only what changed.
     */
    public static RelayPush stagedAs(String stageName, SyncStep direct, LocalTree tree, String dest, SyncOptions opts,
                                     Excludes excludes, List<String> excludePatterns) {
        return new RelayPush(direct, tree, dest, opts, excludes, excludePatterns, false, "auto", stageKey(stageName, ""));
    }

    private RelayPush(SyncStep direct, LocalTree tree, String dest, SyncOptions opts, Excludes excludes,
                      List<String> excludePatterns, boolean compress, String copyMode, String key) {
        if (!dest.startsWith("/")) {
            Push.target(tree, dest, opts);  // the same error as a direct push
        }
        this.direct = direct;
        this.shared = tree.directory() && opts.validate() == null && !opts.diff();
        this.key = key;
        this.stagingOpts = new SyncOptions(true, -1, false, false, false, opts.fileMode(), opts.dirMode(),
                null, opts.checksum(), null, null);
        this.copy = new RelayCopy(dest, opts, excludePatterns, compress, mode(copyMode));
        this.stagingTree = tree;
        this.excludes = excludes;
    }

    private static RelayCopy.Mode mode(String copyMode) {
        return switch (copyMode == null ? "auto" : copyMode) {
            case "auto" -> RelayCopy.Mode.AUTO;
            case "rsync" -> RelayCopy.Mode.RSYNC;
            case "tar" -> RelayCopy.Mode.TAR;
            default -> throw InputException.option("--relay-copy", "expected auto, rsync or tar, got '" + copyMode + "'");
        };
    }

    @Override
    public String describe() {
        return direct.describe();
    }

    @Override
    public List<String> owed(Host host) {
        return direct.owed(host);
    }

    @Override
    public StepResult run(StepContext ctx) throws StepFailure, InterruptedException {
        Connection c = ctx.connection();
        if (!(c instanceof RelayedConnection rc) || !shared) {
            return direct.run(ctx);
        }
        String stage = rc.privateDir() + "/stage/" + key;
        StepResult s = stage(rc, stage, ctx.remaining());
        if (s.status() == Status.FAILED) {
            return new StepResult(Status.FAILED, s.kind(), s.exitCode(), s.signal(), "", s.stderr(),
                    "staging on relay " + rc.relayName() + " failed: " + s.message());
        }
        return copy.run(rc, stage, ctx.remaining());
    }

    /** Stages the tree on the relay once for this push; every leaf of that relay waits for the same result. */
    private StepResult stage(RelayedConnection rc, String stage, Duration remaining)
            throws StepFailure, InterruptedException {
        CompletableFuture<StepResult> mine = new CompletableFuture<>();
        CompletableFuture<StepResult> f = staged.putIfAbsent(rc.relayName(), mine);
        if (f == null) {
            f = mine;
            try {
                SyncStep step = new SyncStep(ctx -> Push.target(stagingTree, stage, stagingOpts), stagingOpts,
                        excludes, "stage on " + rc.relayName());
                mine.complete(step.run(context(rc.relayHost(), rc.relay(), remaining)));
            } catch (StepFailure | RuntimeException e) {
                staged.remove(rc.relayName(), mine);  // a later leaf (or retry) stages again
                mine.completeExceptionally(e);
            } catch (InterruptedException e) {
                staged.remove(rc.relayName(), mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StepFailure sf) {
                throw new StepFailure(sf.kind(), "staging on relay " + rc.relayName() + " failed: " + sf.getMessage(), sf);
            }
            throw new StepFailure(FailureKind.INTERNAL, "staging on relay " + rc.relayName() + " failed: "
                    + e.getCause(), e.getCause());
        }
    }

    private static StepContext context(Host host, Connection c, Duration remaining) {
        return new StepContext() {
            @Override
            public Host host() {
                return host;
            }

            @Override
            public Connection connection() {
                return c;
            }

            @Override
            public OutputSink sink() {
                return (stream, data, offset, length) -> { };
            }

            @Override
            public Duration remaining() {
                return remaining;
            }

            @Override
            public int attempt() {
                return 1;
            }
        };
    }

    /** One staging directory per source and destination, so pushes of other trees do not undo each other. */
    static String stageKey(String source, String dest) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((source + "\0" + dest).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
