package dev.muster.server.inspect;

/**
 * A check whose state moved between two reports of one inspection.
 *
 * @param previous the status in the previous report, or null when the check is new there
 */
public record Change(String host, String check, CheckStatus previous, CheckStatus status, String message) {
}
