package dev.muster.files;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what should be (a {@link Target}) with what a host has (a listing) and decides the
 * {@link ChangeSet}. Pure: no I/O, so every rule is unit-tested.
 *
 * <p>Content is taken as unchanged when size and modification time (whole seconds) agree, like
 * rsync's quick check, because pushes keep the local time on the host; when sizes agree but
 * times differ the host's SHA-256 decides ({@link #hashCandidates}), and an identical file only
 * gets its time fixed, silently. {@code --checksum} hashes every same-size file.
 */
final class Planner {
    private Planner() {
    }

    /** Files whose content cannot be judged from size and time: the host must hash them. */
    static List<String> hashCandidates(Target target, Remote.Listing listing, SyncOptions opts) {
        List<String> out = new ArrayList<>();
        for (Entry e : target.entries()) {
            RemoteEntry r = listing.entries().get(e.path());
            if (e.type() == Entry.Type.FILE && r != null && r.type() == Entry.Type.FILE && r.size() == e.size()
                    && (opts.checksum() || r.mtime() != e.mtime())) {
                out.add(e.path());
            }
        }
        return out;
    }

    static ChangeSet plan(Target target, Remote.Listing listing, Map<String, String> hashes, SyncOptions opts,
                          Excludes excludes, String host) throws StepFailure {
        ChangeSet cs = new ChangeSet();
        if (listing.top() == Remote.State.NOT_A_DIR) {
            throw new StepFailure(FailureKind.TRANSFER_FAILED, host + ": " + target.root()
                    + " exists and is not a directory");
        }
        if (listing.top() == Remote.State.ABSENT) {
            cs.makeRoot = true;
            if (target.tree()) {
                cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.CREATE, ".", Entry.Type.DIR, "", 0));
            }
        }
        Map<String, RemoteEntry> remote = listing.entries();
        Set<String> wanted = new HashSet<>();
        for (Entry e : target.entries()) {
            wanted.add(e.path());
            RemoteEntry r = remote.get(e.path());
            switch (e.type()) {
                case FILE -> planFile(cs, e, r, remote, hashes, opts, host);
                case DIR -> planDir(cs, e, r, remote, opts, host);
                case LINK -> planLink(cs, e, r, remote, opts, host);
            }
        }
        for (RemoteEntry r : remote.values()) {
            if (r.isStaleTemp()) {
                cs.staleTemps.add(r.path());
            }
        }
        if (opts.delete() && target.tree()) {
            planDeletes(cs, remote, wanted, excludes, opts);
        }
        return cs;
    }

    private static void planFile(ChangeSet cs, Entry e, RemoteEntry r, Map<String, RemoteEntry> remote,
                                 Map<String, String> hashes, SyncOptions opts, String host) throws StepFailure {
        int mode = opts.fileMode() != null ? opts.fileMode() : e.mode();
        Entry want = e.withMode(mode);
        if (r == null) {
            cs.uploads.add(want);
            cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.CREATE, e.path(), Entry.Type.FILE,
                    ChangeSet.human(e.size()), e.size()));
            chownIfWanted(cs, e.path(), opts);
            return;
        }
        if (r.type() == Entry.Type.DIR) {
            conflict(cs, e.path(), remote, opts, host, "a directory on the host but a file here");
            cs.uploads.add(want);
            cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.UPDATE, e.path(), Entry.Type.FILE,
                    "replaces a directory", e.size()));
            chownIfWanted(cs, e.path(), opts);
            return;
        }
        if (r.type() != Entry.Type.FILE) {
            cs.uploads.add(want);
            cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.UPDATE, e.path(), Entry.Type.FILE,
                    "replaces a " + (r.type() == Entry.Type.LINK ? "symlink" : "special file"), e.size()));
            chownIfWanted(cs, e.path(), opts);
            return;
        }
        boolean same;
        if (r.size() != e.size()) {
            same = false;
        } else if (hashes.containsKey(e.path())) {
            same = e.content().sha256().equals(hashes.get(e.path()));
        } else {
            same = !opts.checksum() && r.mtime() == e.mtime();
        }
        if (!same) {
            cs.uploads.add(want);
            if (opts.backup()) {
                cs.backups.add(e.path());
            }
            cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.UPDATE, e.path(), Entry.Type.FILE,
                    "content, " + ChangeSet.human(e.size()), e.size()));
            chownIfWanted(cs, e.path(), opts);
            return;
        }
        List<String> what = new ArrayList<>();
        Integer fixMode = null;
        if (r.mode() != mode) {
            fixMode = mode;
            what.add(String.format("mode %04o -> %04o", r.mode(), mode));
        }
        if (opts.owner() != null && !opts.owner().matches(r)) {
            cs.chown.add(e.path());
            what.add("owner " + r.owner() + ":" + r.group() + " -> " + opts.owner());
        }
        // with checksums deciding, the host's time is not ours to keep in step (templates)
        Long fixTime = !opts.checksum() && r.mtime() != e.mtime() ? e.mtime() : null;
        if (fixMode != null || fixTime != null) {
            cs.fixes.add(new ChangeSet.Fix(e.path(), fixMode, fixTime));
        }
        if (!what.isEmpty()) {
            cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.ATTRS, e.path(), Entry.Type.FILE,
                    String.join(", ", what), 0));
        }
    }

    private static void chownIfWanted(ChangeSet cs, String path, SyncOptions opts) {
        if (opts.owner() != null) {
            cs.chown.add(path);
        }
    }

    private static void planDir(ChangeSet cs, Entry e, RemoteEntry r, Map<String, RemoteEntry> remote,
                                SyncOptions opts, String host) throws StepFailure {
        int mode = opts.dirMode() != null ? opts.dirMode() : e.mode();
        if (r == null) {
            cs.dirs.add(e.withMode(mode));
            cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.CREATE, e.path(), Entry.Type.DIR, "", 0));
            chownIfWanted(cs, e.path(), opts);
            return;
        }
        if (r.type() != Entry.Type.DIR) {
            conflict(cs, e.path(), remote, opts, host, "a directory here but not on the host");
            cs.dirs.add(e.withMode(mode));
            cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.UPDATE, e.path(), Entry.Type.DIR,
                    "replaces a " + (r.type() == Entry.Type.LINK ? "symlink" : "file"), 0));
            chownIfWanted(cs, e.path(), opts);
            return;
        }
        List<String> what = new ArrayList<>();
        if (r.mode() != mode) {
            cs.fixes.add(new ChangeSet.Fix(e.path(), mode, null));
            what.add(String.format("mode %04o -> %04o", r.mode(), mode));
        }
        if (opts.owner() != null && !opts.owner().matches(r)) {
            cs.chown.add(e.path());
            what.add("owner " + r.owner() + ":" + r.group() + " -> " + opts.owner());
        }
        if (!what.isEmpty()) {
            cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.ATTRS, e.path(), Entry.Type.DIR,
                    String.join(", ", what), 0));
        }
    }

    /**
     * A path whose type differs on the host in a way a rename cannot fix. With --delete the host's
     * path (and all below it) is removed first; without it the host fails, as rsync does.
     */
    private static void conflict(ChangeSet cs, String path, Map<String, RemoteEntry> remote, SyncOptions opts,
                                 String host, String what) throws StepFailure {
        if (!opts.delete()) {
            throw new StepFailure(FailureKind.TRANSFER_FAILED, host + ": " + path + " is " + what
                    + "; remove it first, or push with --delete");
        }
        List<String> doomed = new ArrayList<>();
        for (String p : remote.keySet()) {
            if (p.equals(path) || p.startsWith(path + "/")) {
                doomed.add(p);
            }
        }
        doomed.sort(java.util.Comparator.reverseOrder());
        for (String p : doomed) {
            cs.clear.add(p);
            if (!p.equals(path)) {
                cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.DELETE, p, remote.get(p).type(), "", 0));
            }
        }
    }

    private static void planLink(ChangeSet cs, Entry e, RemoteEntry r, Map<String, RemoteEntry> remote,
                                 SyncOptions opts, String host) throws StepFailure {
        if (r != null && r.type() == Entry.Type.LINK && e.link().equals(r.link())) {
            return;
        }
        if (r != null && r.type() == Entry.Type.DIR) {
            conflict(cs, e.path(), remote, opts, host, "a directory on the host but a symlink here");
        }
        cs.links.add(e);
        cs.changes.add(new ChangeSet.Change(r == null ? ChangeSet.Kind.CREATE : ChangeSet.Kind.UPDATE, e.path(),
                Entry.Type.LINK, "-> " + e.link(), 0));
    }

    private static void planDeletes(ChangeSet cs, Map<String, RemoteEntry> remote, Set<String> wanted,
                                    Excludes excludes, SyncOptions opts) {
        List<RemoteEntry> gone = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (RemoteEntry r : remote.values()) {
            if (wanted.contains(r.path()) || cs.clear.contains(r.path())) {
                continue;
            }
            if (r.isStaleTemp() || r.isBackup() || excludes.excludes(r.path(), r.type() == Entry.Type.DIR)) {
                kept.add(r.path());
                continue;
            }
            gone.add(r);
        }
        // A directory that still holds something kept (excluded files) cannot go.
        Set<String> blocked = new HashSet<>();
        for (String k : kept) {
            for (int slash = k.lastIndexOf('/'); slash > 0; slash = k.lastIndexOf('/', slash - 1)) {
                blocked.add(k.substring(0, slash));
            }
        }
        gone.removeIf(r -> blocked.contains(r.path()));
        // Deepest first, so directories are empty when their turn comes.
        gone.sort((a, b) -> b.path().compareTo(a.path()));
        for (RemoteEntry r : gone) {
            cs.deletes.add(r.path());
            cs.changes.add(new ChangeSet.Change(ChangeSet.Kind.DELETE, r.path(), r.type(), "", 0));
        }
        if (opts.backup()) {
            for (RemoteEntry r : gone) {
                if (r.type() == Entry.Type.FILE) {
                    cs.backups.add(r.path());
                }
            }
        }
    }
}
