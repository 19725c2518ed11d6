package dev.muster.files;

/**
 * How a push or template behaves on each host.
 *
 * @param delete    remove host files that are absent locally (never excluded ones)
 * @param maxDelete refuse a host where more than this many paths would be deleted; -1 for no limit
 * @param backup    keep each replaced or deleted file beside it as {@code NAME.~TIMESTAMP~}
 * @param dryRun    plan and report only; write nothing
 * @param diff      add unified diffs of text files to the report
 * @param fileMode  permission bits for every file instead of the local ones, or null
 * @param dirMode   permission bits for every directory instead of the local ones, or null
 * @param owner     wanted owner/group, or null to leave ownership alone
 * @param checksum  compare content hashes even when size and time agree
 * @param validate  a command run on the host against the uploaded file ({} is its path) before
 *                  it replaces the real one; null for none
 * @param onChange  a command run once per host after everything is in place, only where
 *                  something changed; null for none
 */
public record SyncOptions(boolean delete, int maxDelete, boolean backup, boolean dryRun, boolean diff,
                          Integer fileMode, Integer dirMode, Owner owner, boolean checksum, String validate,
                          String onChange) {

    public static SyncOptions defaults() {
        return new SyncOptions(false, -1, false, false, false, null, null, null, false, null, null);
    }
}
