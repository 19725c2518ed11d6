package dev.muster.server.inspect;

/**
 * Where the previous inspection stopped reading a log on one host: the file's inode and the size
 * it had then. The next scan counts only bytes after {@code offset} of the same inode; a new inode
 * means the log was rotated (the rest of the old file is read from {@code PATH.1} when it is still
 * there), a smaller size means it was truncated in place.
 */
public record LogCursor(String path, String inode, long offset) {
}
