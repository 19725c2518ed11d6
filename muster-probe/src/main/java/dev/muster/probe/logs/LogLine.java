package dev.muster.probe.logs;

/**
 * One line of a log as it arrived from a host.
 *
 * @param host the host it came from
 * @param file the file it was read from, as the user named it
 * @param text the line, without its terminator
 */
public record LogLine(String host, String file, String text) {
}
