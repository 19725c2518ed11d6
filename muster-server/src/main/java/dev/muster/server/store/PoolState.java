package dev.muster.server.store;

/**
 * The store's connection pool at one moment, for the dashboard's server page (the same figures
 * go to {@code /metrics} as {@code hikaricp_*}).
 *
 * @param active     connections lent out now
 * @param idle       connections open and free now
 * @param waiting    threads waiting for a connection now
 * @param max        the pool's maximum size
 * @param acquired   connections lent since start
 * @param waited     of those, how many had to wait because every connection was busy
 * @param timeouts   requests for a connection that failed (none came within the timeout, or the
 *                   database was down)
 * @param maxWaitMs  the longest wait for a busy pool since start
 * @param down       why the database is being treated as down now (requests fail at once), or null
 */
public record PoolState(int active, int idle, int waiting, int max, long acquired, long waited, long timeouts,
                        double maxWaitMs, String down) {
    public int total() {
        return active + idle;
    }
}
