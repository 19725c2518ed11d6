package dev.muster.cli.command;

import dev.muster.core.store.RunSpec;
import dev.muster.core.store.RunKind;
import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.files.Excludes;
import dev.muster.files.LocalTree;
import dev.muster.files.Owner;
import dev.muster.files.Push;
import dev.muster.files.RelayPush;
import dev.muster.files.SyncOptions;
import dev.muster.files.SyncStep;
import dev.muster.files.TreeWatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Copy a local file or tree to every selected host, sending only what differs.",
                "Each file is verified on the host and renamed into place atomically.",
                "Example: muster push ./site/ /srv/www/ @web --delete --max-delete 20 --on-change 'systemctl reload nginx'"})
final class PushCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "SRC", description = "Local directory (its contents are pushed) or file.")
    Path source;

    @Parameters(index = "1", paramLabel = "DEST", description = "Absolute path on the hosts.")
    String dest;

    @Parameters(index = "2", paramLabel = "SELECTOR", description = SelectorArg.HELP)
    String selector;

    @Mixin
    SyncFlags flags;

    @Option(names = "--delete", description = "Delete host files that are absent locally (never excluded ones).")
    boolean delete;

    @Option(names = "--max-delete", paramLabel = "N", defaultValue = "-1",
            description = "Refuse (fail) a host where more than N paths would be deleted.")
    int maxDelete;

    @Option(names = "--exclude", paramLabel = "PATTERN",
            description = "Skip matching paths (glob; 'name' anywhere, 'dir/name' from the top, 'dir/' dirs only). Repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--checksum", description = "Compare content hashes even when size and time agree.")
    boolean checksum;

    @Mixin
    RelayOptions relay = new RelayOptions();

    @Option(names = "--compress", description = "Compress file content in transit (as rsync -z): for slow links; "
            + "off by default, since on a LAN encryption, not bandwidth, is the cost.")
    boolean compress;

    @Option(names = "--relay-copy", paramLabel = "HOW", defaultValue = "auto",
            description = "How a relay copies to its hosts: rsync, tar (sha256sum-checked, changed files only; no --delete "
                    + "or links) or auto (rsync where both ends have it). Default: ${DEFAULT-VALUE}.")
    String relayCopy;

    @Option(names = "--watch", description = "After the push, watch SRC and push again (changed files only) after "
            + "each burst of edits, until Ctrl-C.")
    boolean watch;

    @Option(names = "--watch-quiet", paramLabel = "DURATION", defaultValue = "300ms", converter = DurationConverter.class,
            description = "With --watch: push once edits have paused this long. Default: ${DEFAULT-VALUE}.")
    java.time.Duration watchQuiet;

    @Option(names = "--dir-mode", paramLabel = "MODE", description = "Octal permissions for every directory.")
    String dirMode;

    private LocalTree tree;
    private SyncOptions opts;

    @Override
    public Integer call() {
        Terminal term = options.terminal();
        Map<String, Object> recorded = new LinkedHashMap<>();
        SyncStep sync = step(recorded, List.of());
        options.compress = compress;
        options.visitsOnce = !watch;   // --watch pushes again over the same sessions
        try (Workspace ws = new Workspace(options, term)) {
            ws.prepareTransport();
            List<Host> hosts = ws.select(selector);
            boolean relayed = !ws.relayed(relay, hosts).isEmpty();
            int code = pushOnce(ws, hosts, relayed, sync, recorded);
            return watch ? watch(ws, hosts, relayed, code) : code;
        }
    }

    /** One push of the tree as it is now, reported and recorded like any run. */
    private int pushOnce(Workspace ws, List<Host> hosts, boolean relayed, SyncStep sync, Map<String, Object> recorded) {
        sync.redacting(ws.redactor());
        dev.muster.core.exec.Step step = relayed
                ? new RelayPush(sync, tree, dest, opts, Excludes.of(excludes), excludes, compress, relayCopy) : sync;
        return new RunLauncher(ws).launch(hosts, step,
                new RunSpec(RunKind.PUSH, selector, step.describe(), recorded, null));
    }

    /**
     * --watch: after the first push, each burst of local edits (settled for --watch-quiet) becomes
     * one more changed-only push over the same sessions, until Ctrl-C. Returns the last push's code.
     */
    private int watch(Workspace ws, List<Host> hosts, boolean relayed, int code) {
        TreeWatch tw;
        try {
            tw = TreeWatch.start(source, Excludes.of(excludes));
        } catch (java.io.UncheckedIOException e) {
            throw InputException.option("--watch", e.getMessage());
        }
        try (tw; OnInterrupt ignored = options.context().onInterrupt(tw::close)) {
            ws.term().err().println("watching " + source + " for changes (Ctrl-C stops)");
            ws.term().err().flush();
            while (tw.awaitChange(watchQuiet)) {
                Map<String, Object> recorded = new LinkedHashMap<>();
                SyncStep next;
                try {
                    next = step(recorded, List.of());   // the tree as it is now
                } catch (InputException e) {
                    ws.term().err().println("watch: not pushed: " + e.getMessage());
                    ws.term().err().flush();
                    continue;
                }
                code = pushOnce(ws, hosts, relayed, next, recorded);
            }
        }
        return code;
    }

    /** Validates everything typed, reads and hashes the tree once, and fills {@code recorded} for retry. */
    SyncStep step(Map<String, Object> recorded, Collection<String> owing) {
        if (maxDelete < -1) {
            throw InputException.option("--max-delete", "expected a number of paths >= 0, got " + maxDelete);
        }
        Excludes ex = Excludes.of(excludes);
        SyncOptions opts = new SyncOptions(delete, maxDelete, flags.backup, flags.dryRun, flags.diff,
                SyncFlags.mode("--mode", flags.mode), SyncFlags.mode("--dir-mode", dirMode),
                Owner.parse(flags.owner, flags.group), checksum, flags.validate(), flags.onChange);
        tree = LocalTree.scan(source, ex);
        this.opts = opts;
        recorded.put("source", source.toAbsolutePath().toString());
        recorded.put("dest", dest);
        recorded.put("delete", delete);
        recorded.put("max_delete", maxDelete);
        recorded.put("excludes", List.copyOf(excludes));
        recorded.put("checksum", checksum);
        SyncFlags.put(recorded, "dir_mode", dirMode);
        flags.record(recorded);
        return Push.step(tree, dest, opts, ex).owing(owing);
    }

    /** Rebuilds the step of a recorded push for `muster retry`, owing the handler where it was owed. */
    static SyncStep fromSpec(Map<String, Object> spec, Collection<String> owing) {
        PushCommand c = new PushCommand();
        c.source = Path.of(String.valueOf(spec.get("source")));
        c.dest = String.valueOf(spec.get("dest"));
        c.delete = Boolean.TRUE.equals(spec.get("delete"));
        c.maxDelete = spec.get("max_delete") instanceof Number n ? n.intValue() : -1;
        c.excludes = SyncFlags.strings(spec.get("excludes"));
        c.checksum = Boolean.TRUE.equals(spec.get("checksum"));
        c.dirMode = (String) spec.get("dir_mode");
        c.flags = SyncFlags.fromSpec(spec);
        return c.step(new LinkedHashMap<>(), owing);
    }
}
