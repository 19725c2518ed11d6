package dev.muster.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one host needs: the user-visible changes (for the report and the changed/ok status) and
 * the operations that make them (directories to create, files to upload, links to place,
 * attributes to fix, paths to delete). Timestamps fixed after an identical-content check are
 * done silently: they are not changes.
 */
public final class ChangeSet {

    public enum Kind { CREATE, UPDATE, ATTRS, DELETE }

    /** One line of the report. */
    public record Change(Kind kind, String path, Entry.Type type, String detail, long bytes) {
        String line() {
            String name = type == Entry.Type.DIR ? path + "/" : path;
            String sign = switch (kind) {
                case CREATE -> "+ ";
                case UPDATE, ATTRS -> "~ ";
                case DELETE -> "- ";
            };
            return sign + name + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** A metadata fix: any of mode and mtime (null leaves it). */
    record Fix(String path, Integer mode, Long mtime) {
    }

    boolean makeRoot;
    final List<Change> changes = new ArrayList<>();
    final List<Entry> dirs = new ArrayList<>();
    final List<Entry> uploads = new ArrayList<>();
    final List<Entry> links = new ArrayList<>();
    final List<Fix> fixes = new ArrayList<>();
    final List<String> chown = new ArrayList<>();
    final List<String> backups = new ArrayList<>();
    final List<String> deletes = new ArrayList<>();
    /** Paths removed before anything is placed: type conflicts resolved under --delete, deepest first. */
    final List<String> clear = new ArrayList<>();
    final List<String> staleTemps = new ArrayList<>();
    final List<String> diffs = new ArrayList<>();

    public List<Change> changes() {
        return changes;
    }

    public boolean changed() {
        return !changes.isEmpty();
    }

    /** True when something must be written, including silent timestamp fixes and temp cleanup. */
    boolean anyWork() {
        return changed() || !fixes.isEmpty() || !staleTemps.isEmpty();
    }

    public int deleteCount() {
        return deletes.size() + clear.size();
    }

    public long bytes() {
        return uploads.stream().mapToLong(Entry::size).sum();
    }

    /** The report: one line per change, sorted by path, then any diffs. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        changes.stream().sorted(java.util.Comparator.comparing(Change::path)).forEach(c -> sb.append(c.line()).append('\n'));
        for (String d : diffs) {
            sb.append(d);
            if (!d.endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** "2 created, 1 updated, 3 deleted, 45.1 KiB" or "up to date". */
    public String summary(boolean dryRun) {
        if (!changed()) {
            return "up to date";
        }
        int created = 0;
        int updated = 0;
        int deleted = 0;
        for (Change c : changes) {
            switch (c.kind) {
                case CREATE -> created++;
                case UPDATE, ATTRS -> updated++;
                case DELETE -> deleted++;
            }
        }
        String s = counts(created, updated, deleted);
        long bytes = bytes();
        if (bytes > 0) {
            s += ", " + human(bytes) + (dryRun ? " to send" : " sent");
        }
        return dryRun ? "would change: " + s : s;
    }

    /** "2 created, 1 updated, 3 deleted", naming only the counts above zero. */
    static String counts(int created, int updated, int deleted) {
        List<String> parts = new ArrayList<>();
        if (created > 0) {
            parts.add(created + " created");
        }
        if (updated > 0) {
            parts.add(updated + " updated");
        }
        if (deleted > 0) {
            parts.add(deleted + " deleted");
        }
        return String.join(", ", parts);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
