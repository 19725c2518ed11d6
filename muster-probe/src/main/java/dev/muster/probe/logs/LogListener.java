package dev.muster.probe.logs;

/**
 * Receives log lines as they arrive, from many hosts at once (implementations must be thread-safe).
 * Notices are what the host said besides log lines: a file missing, tail reporting a rotation.
 */
public interface LogListener {

    void line(LogLine line);

    default void notice(String host, String text) {
    }

    /** Something that fails the host once reading ends (a missing or unreadable file); also a notice. */
    default void problem(String host, String text) {
        notice(host, text);
    }
}
