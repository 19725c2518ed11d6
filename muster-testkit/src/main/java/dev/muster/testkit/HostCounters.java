package dev.muster.testkit;

/**
 * What one fake host has seen since start (or the last reset).
 *
 * @param connectionsAccepted   TCP connections accepted, including ones later dropped or left hanging
 * @param sessionsAuthenticated SSH sessions that passed authentication
 * @param commandsRun           exec requests started (builtin or shell)
 * @param openSessions          SSH sessions open right now
 */
public record HostCounters(long connectionsAccepted, long sessionsAuthenticated, long commandsRun,
                           long openSessions) {
}
