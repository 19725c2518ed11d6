package dev.muster.probe.logs;

/**
 * Where shipping a log file stands on one host: the file's inode and the byte after the last line
 * delivered. An empty inode means nothing was shipped yet: start at the end of the file as it is
 * now ({@link #END}) or at its start ({@link #START}).
 */
public record FilePosition(String inode, long offset) {
    public static final FilePosition END = new FilePosition("", -1);
    public static final FilePosition START = new FilePosition("", 0);

    public FilePosition {
        inode = inode == null ? "" : inode;
        if (!inode.matches("\\d*")) {
            throw new IllegalArgumentException("an inode is a number, got " + inode);
        }
        if (offset < -1 || (offset < 0 && !inode.isEmpty())) {
            throw new IllegalArgumentException("bad offset " + offset + " for inode '" + inode + "'");
        }
    }
}
