package dev.muster.files;

import dev.muster.core.InputException;
import java.nio.file.Path;
import java.util.List;

/** Builds the step for {@code muster push SRC DEST}. */
public final class Push {
    private Push() {
    }

    /**
     * A directory source puts its contents into {@code dest} (like rsync's {@code src/});
     * a file source goes to {@code dest}, or into it when {@code dest} ends with '/'.
     */
    public static SyncStep step(LocalTree tree, String dest, SyncOptions opts, Excludes excludes) {
        Target target = target(tree, dest, opts);
        return new SyncStep(ctx -> target, opts, excludes, "push " + tree.source() + " " + dest);
    }

    static Target target(LocalTree tree, String dest, SyncOptions opts) {
        if (!dest.startsWith("/")) {
            throw InputException.option("DEST", "the destination must be an absolute path on the hosts, got '"
                    + dest + "'");
        }
        if (dest.contains("\n") || tree.entries().stream().anyMatch(e -> e.path().contains("\n"))) {
            throw InputException.in(tree.source(), "file names with newlines are not supported");
        }
        if (tree.directory()) {
            return new Target(dest, true, tree.entries());
        }
        if (opts.delete()) {
            throw InputException.option("--delete", "--delete needs a directory to push, not a single file");
        }
        Entry e = tree.entries().getFirst();
        if (dest.endsWith("/")) {
            return new Target(dest, false, List.of(e));
        }
        Path d = Path.of(dest);
        String parent = d.getParent() == null ? "/" : d.getParent().toString();
        return new Target(parent, false, List.of(new Entry(d.getFileName().toString(), e.type(), e.mode(), e.mtime(),
                e.content(), e.link())));
    }
}
