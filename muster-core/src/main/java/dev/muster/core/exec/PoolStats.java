package dev.muster.core.exec;

/**
 * Live connection pool statistics.
 *
 * @param active  sessions with at least one channel in use
 * @param idle    open sessions with no channel in use
 * @param waiting callers waiting to acquire a connection (pool full, or a channel slot)
 * @param created sessions created since start
 * @param failed  connection attempts that failed since start
 */
public record PoolStats(int active, int idle, int waiting, long created, long failed) {
    public static final PoolStats EMPTY = new PoolStats(0, 0, 0, 0, 0);
}
