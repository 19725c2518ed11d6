package dev.muster.files.release;

import dev.muster.core.step.Shell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one host holds under a release base, read in one command ({@link #command}) and parsed
 * ({@link #parse}): where {@code current} points, which releases are complete (their marker was
 * written last, before the rename) and the tail of {@code revisions.log}.
 *
 * @param current   the release {@code current} points at, or null
 * @param complete  complete releases, by name
 * @param other     directories under releases/ without the marker (partial or broken)
 * @param revisions the last lines of revisions.log, oldest first
 */
record HostReleases(String current, Set<String> complete, Set<String> other, List<Revision> revisions) {
    /** Written last into a release directory: its presence means the release is whole. */
    static final String MARKER = ".muster-release";
    /** What muster recorded of the release's files ({@link Manifest}), so the next one need not hash them. */
    static final String MANIFEST = ".muster-manifest";
    static final int LOG_LINES = 2000;

    HostReleases {
        complete = Set.copyOf(complete);
        other = Set.copyOf(other);
        revisions = List.copyOf(revisions);
    }

    /** The command listing a base; prints nothing but "absent" when the base does not exist. */
    static String command(String base) {
        return "cd -- " + Shell.quote(base) + " 2>/dev/null || { echo absent; exit 0; }\n"
                + "printf 'current %s\\n' \"$(readlink current 2>/dev/null)\"\n"
                + "for d in releases/*/; do [ -d \"$d\" ] || continue; n=${d#releases/}; n=${n%/}\n"
                + "  if [ -f \"releases/$n/" + MARKER + "\" ]; then echo \"complete $n\"; else echo \"other $n\"; fi\n"
                + "done\n"
                + "tail -n " + LOG_LINES + " revisions.log 2>/dev/null | sed 's/^/log /'\n";
    }

    static HostReleases parse(String stdout) {
        String current = null;
        Set<String> complete = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        List<Revision> revisions = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            String value = space < 0 ? "" : line.substring(space + 1);
            switch (key) {
                case "current" -> current = value.isEmpty() ? null : value.substring(value.lastIndexOf('/') + 1);
                case "complete" -> complete.add(value);
                case "other" -> other.add(value);
                case "log" -> {
                    Revision r = Revision.parse(value);
                    if (r != null) {
                        revisions.add(r);
                    }
                }
                default -> {
                }
            }
        }
        return new HostReleases(current, complete, other, revisions);
    }

    /**
     * The release {@code current}'s release replaced when it was deployed: the previous field of the
     * last log line that released it. Lines of switches back are passed over, so after a rollback
     * "previous" never points forward at the release that was rolled back from.
     */
    String previous() {
        if (current == null) {
            return null;
        }
        for (int i = revisions.size() - 1; i >= 0; i--) {
            Revision r = revisions.get(i);
            if (r.id().equals(current) && !r.rollback()) {
                return r.previous();
            }
        }
        return null;
    }

    /** Every release directory, oldest first: by the last log line naming it, unlogged ones first by name. */
    List<String> ordered() {
        List<String> all = new ArrayList<>(complete);
        all.addAll(other.stream().filter(n -> !n.endsWith(".partial")).toList());
        all.sort(Comparator.comparingInt(this::lastLogged).thenComparing(Comparator.naturalOrder()));
        return all;
    }

    /** Complete releases, oldest first (see {@link #ordered}). */
    List<String> completeOrdered() {
        return ordered().stream().filter(complete::contains).toList();
    }

    private int lastLogged(String id) {
        for (int i = revisions.size() - 1; i >= 0; i--) {
            if (revisions.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Releases to delete so that {@code keep} remain, newest kept; {@code current} and
     * {@code previous} are never deleted, whatever {@code keep} is.
     */
    List<String> prune(int keep, String current, String previous) {
        List<String> ordered = ordered();
        List<String> delete = new ArrayList<>();
        int excess = ordered.size() - keep;
        for (String id : ordered) {
            if (delete.size() >= excess) {
                break;
            }
            if (!id.equals(current) && !id.equals(previous)) {
                delete.add(id);
            }
        }
        return delete;
    }
}
