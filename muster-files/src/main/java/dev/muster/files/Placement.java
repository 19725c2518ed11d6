package dev.muster.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How a change set travels to one host: which uploads go in the prepare command's tar stream
 * and which over SFTP, the temporary name each file and link is written under, and whether the
 * prepare command renames them into place itself. Pure: decided from the change set alone.
 *
 * @param changes    what the host needs
 * @param temps      path → temporary name (relative to the top), for every upload and link
 * @param viaTar     small uploads, unpacked from a tar stream by the prepare command
 * @param viaSftp    the other uploads, written over SFTP before it
 * @param renameHere a few files to place: the prepare command renames them, saving a round trip
 */
record Placement(ChangeSet changes, Map<String, String> temps, List<Entry> viaTar, List<Entry> viaSftp,
                 boolean renameHere) {
    /** Files up to this size go in one tar stream per host, unpacked by the prepare command. */
    static final long TAR_MAX_FILE = 256 * 1024;
    /** At most this much small-file content per push is kept in memory as shared tar entries. */
    static final long TAR_MAX_BYTES = 64L << 20;
    /** With at most this many files to place, the prepare command renames them itself (mv). */
    static final int RENAMES_IN_SCRIPT = 16;

    Placement {
        temps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(temps));
        viaTar = List.copyOf(viaTar);
        viaSftp = List.copyOf(viaSftp);
    }

    /** Decides the placement; {@code tempFor} names a path's temporary (the same on every host of a push). */
    static Placement of(ChangeSet cs, UnaryOperator<String> tempFor) {
        Map<String, String> temps = new LinkedHashMap<>();
        for (Entry e : cs.uploads) {
            temps.put(e.path(), tempFor.apply(e.path()));
        }
        for (Entry e : cs.links) {
            temps.put(e.path(), tempFor.apply(e.path()));
        }
        List<Entry> viaTar = new ArrayList<>();
        List<Entry> viaSftp = new ArrayList<>();
        long tarBytes = 0;
        for (Entry e : cs.uploads) {
            boolean small = e.size() <= TAR_MAX_FILE && tarBytes + e.size() <= TAR_MAX_BYTES;
            (small ? viaTar : viaSftp).add(e);
            tarBytes += small ? e.size() : 0;
        }
        int placed = cs.uploads.size() + cs.links.size();
        return new Placement(cs, temps, viaTar, viaSftp, placed > 0 && placed <= RENAMES_IN_SCRIPT);
    }

    /** Uploads, then links: everything that is written under a temporary name and renamed into place. */
    List<Entry> placed() {
        List<Entry> placed = new ArrayList<>(changes.uploads);
        placed.addAll(changes.links);
        return placed;
    }

    /**
     * Whether the host changes over SFTP before the prepare command: stale temporaries and type
     * conflicts removed, directories made, large files uploaded, links written.
     */
    boolean sftpFirst() {
        ChangeSet cs = changes;
        return !cs.staleTemps.isEmpty() || !cs.clear.isEmpty() || !cs.dirs.isEmpty() || !viaSftp.isEmpty()
                || !cs.links.isEmpty();
    }

    /** Whether the prepare command changes real files' owners (not only temporaries'). */
    boolean chownsInPlace() {
        return changes.chown.stream().anyMatch(p -> !temps.containsKey(p));
    }

    String temp(Entry e) {
        return temps.get(e.path());
    }
}
