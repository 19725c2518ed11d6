package dev.muster.core.exec;

import dev.muster.core.inventory.Host;

/** A leased connection to one host. Closing it returns the lease to the pool. */
public interface Connection extends AutoCloseable {

    Host host();

    /**
     * Runs one command and waits for it to finish (the channel to close) or for
     * {@link ExecRequest#timeout()} to pass, in which case the channel is closed and a
     * {@link FailureKind#TIMEOUT} failure is thrown. A non-zero exit is not a failure here:
     * it is reported in the result.
     */
    ExecResult exec(ExecRequest request) throws StepFailure, InterruptedException;

    /**
     * Opens file operations on this host (SFTP for SSH). Close the returned transfer before
     * calling {@link #exec} again on this connection.
     */
    default FileTransfer files() throws StepFailure, InterruptedException {
        throw new StepFailure(FailureKind.TRANSFER_FAILED, "this transport cannot transfer files");
    }

    /** Marks the underlying session broken so the pool does not hand it out again. */
    default void invalidate() {
    }

    @Override
    void close();
}
