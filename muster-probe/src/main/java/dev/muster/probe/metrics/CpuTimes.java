package dev.muster.probe.metrics;

/**
 * The aggregate "cpu" line of /proc/stat, in clock ticks since boot. Columns a kernel does not
 * have (iowait..steal before 2.6.11, for example) are zero. guest and guest_nice are already
 * counted in user and nice, so they are left out of the total.
 */
public record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                       long steal) {

    public long total() {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }

    /** Ticks spent neither idle nor waiting for I/O. */
    public long busy() {
        return total() - idle - iowait;
    }

    /** Busy share between two readings, 0-100, or null when no tick passed (or the counters went back). */
    public static Double busyPercent(CpuTimes before, CpuTimes after) {
        long total = after.total() - before.total();
        long busy = after.busy() - before.busy();
        if (total <= 0 || busy < 0) {
            return null;
        }
        return Math.min(100.0, 100.0 * busy / total);
    }
}
