package dev.muster.probe.logs;

/**
 * One complete line of a log file as read for shipping, with where it is in its file.
 *
 * @param host   the host it came from
 * @param file   the file, as the user named it
 * @param inode  the inode of the file it was read from (a rotated file keeps its inode)
 * @param offset the byte offset of the line's first byte in that file
 * @param next   the byte offset just after the line and its newline: where shipping resumes
 * @param text   the line, without its terminator (cut at {@link dev.muster.core.exec.LineSplitter#MAX_LINE} bytes)
 */
public record ShippedLine(String host, String file, String inode, long offset, long next, String text) {
}
