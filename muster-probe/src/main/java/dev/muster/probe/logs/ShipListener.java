package dev.muster.probe.logs;

/** Receives shipped lines in file order per host and file (implementations must be thread-safe). */
public interface ShipListener {

    void line(ShippedLine line);

    /** What the host said besides lines: a file missing, rotated away unread, truncated in place. */
    default void notice(String host, String text) {
    }
}
