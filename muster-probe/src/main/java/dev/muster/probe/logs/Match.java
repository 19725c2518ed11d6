package dev.muster.probe.logs;

/** One matching line: the file on the host, its 1-based line number, the line. */
public record Match(String file, long line, String text) {
}
