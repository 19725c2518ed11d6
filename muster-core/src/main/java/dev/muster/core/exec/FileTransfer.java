package dev.muster.core.exec;

import java.io.InputStream;
import java.util.List;

/**
 * File operations on one host over a {@link Connection} (SFTP for SSH). It occupies the
 * connection's channel slot while open: close it before running commands on the same connection.
 * Paths are remote absolute paths. Every method turns transport trouble into a
 * {@link StepFailure} (usually {@link FailureKind#TRANSFER_FAILED} or
 * {@link FailureKind#CONNECTION_LOST}).
 */
public interface FileTransfer extends AutoCloseable {

    /**
     * Streams {@code content} into {@code path}, creating or truncating it, and leaves it with
     * permission bits {@code mode} and modification time {@code mtime} (seconds). When
     * {@code mode} grants nothing to group and others the file is made private before the first
     * byte is written, so secret content is never readable by others in transit. Writes are
     * pipelined (no wait for each acknowledgement).
     *
     * @return the number of bytes written
     */
    long upload(String path, InputStream content, int mode, long mtime) throws StepFailure, InterruptedException;

    /** Reads at most {@code maxBytes} of {@code path}; null when it does not exist. */
    byte[] download(String path, int maxBytes) throws StepFailure, InterruptedException;

    /** Creates one directory (its parent must exist) with permission bits {@code mode}. */
    void mkdir(String path, int mode) throws StepFailure, InterruptedException;

    /**
     * Sets any of mode (permission bits), owner, group and modification time (seconds since
     * the epoch) on {@code path}; null leaves that attribute alone. Does not follow symlinks'
     * targets for the time, as far as the server allows.
     */
    void setAttributes(String path, Integer mode, Integer uid, Integer gid, Long mtime)
            throws StepFailure, InterruptedException;

    /** Creates a symbolic link at {@code link} pointing to {@code target}. */
    void symlink(String link, String target) throws StepFailure, InterruptedException;

    /** Atomically replaces {@code to} by {@code from} (POSIX rename(2), overwriting). */
    void rename(String from, String to) throws StepFailure, InterruptedException;

    /** Removes files, symlinks and empty directories, in the order given; missing ones are ignored. */
    void remove(List<String> paths) throws StepFailure, InterruptedException;

    @Override
    void close();
}
