package dev.muster.probe.logs;

import dev.muster.core.Keyed;

/**
 * How reading logs went on one host.
 *
 * @param host    the host
 * @param status  how it ended
 * @param lines   lines received from it (and shown)
 * @param message why it failed (missing file, unreachable, ...), or empty
 */
public record HostLog(String host, State status, long lines, String message) {

    public enum State implements Keyed {
        /** Read to the end (or followed until stopped). */
        OK,
        /** A file was missing or unreadable, or the command failed. */
        FAILED,
        /** The host could not be reached. */
        UNREACHABLE;
    }

    public boolean ok() {
        return status == State.OK;
    }
}
