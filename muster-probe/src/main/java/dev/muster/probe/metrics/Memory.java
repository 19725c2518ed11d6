package dev.muster.probe.metrics;

/**
 * Memory and swap from /proc/meminfo, in KiB.
 *
 * @param availableEstimated true when the kernel has no MemAvailable (before 3.14) and
 *                           {@code availableKb} was estimated from MemFree, Buffers, Cached and
 *                           SReclaimable
 */
public record Memory(long totalKb, long availableKb, boolean availableEstimated, long swapTotalKb,
                     long swapFreeKb) {

    public Double usedPercent() {
        return totalKb <= 0 ? null : 100.0 * (totalKb - availableKb) / totalKb;
    }

    /** 0 when there is no swap at all. */
    public double swapUsedPercent() {
        return swapTotalKb <= 0 ? 0.0 : 100.0 * (swapTotalKb - swapFreeKb) / swapTotalKb;
    }
}
