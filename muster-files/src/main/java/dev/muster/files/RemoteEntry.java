package dev.muster.files;

/**
 * One path on a host as the listing saw it.
 *
 * @param path  relative to the push's top directory, '/'-separated
 * @param type  file, directory or symlink; null for anything else (socket, device...)
 * @param mode  permission bits
 * @param owner user name (or number when the name is unknown), and {@code uid} its number
 * @param mtime modification time in whole seconds
 */
public record RemoteEntry(String path, Entry.Type type, int mode, String owner, String group, int uid, int gid,
                          long size, long mtime, String link) {

    /** True for the temporary files an interrupted push may leave behind. */
    public boolean isStaleTemp() {
        int slash = path.lastIndexOf('/');
        return path.substring(slash + 1).startsWith(Remote.TEMP_PREFIX);
    }

    /** True for a backup a push with --backup kept ({@code NAME.~20261127T210501~}): never deleted. */
    public boolean isBackup() {
        return Remote.BACKUP.matcher(path).find();
    }
}
