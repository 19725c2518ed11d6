package dev.muster.probe.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/** Turns two snapshots of one host into {@link HostMetrics}: levels from the second, rates from both. */
public final class Rates {
    private Rates() {
    }

    /**
     * @param before the earlier snapshot, or null when there is only one (rates are then null)
     */
    public static HostMetrics between(String host, Snapshot before, Snapshot after) {
        List<String> problems = new ArrayList<>(after.problems());
        Double seconds = before == null ? null : seconds(before, after);
        Double cpu = before != null && before.cpu() != null && after.cpu() != null
                ? CpuTimes.busyPercent(before.cpu(), after.cpu()) : null;
        Memory mem = after.memory();
        Filesystem fullest = after.filesystems().stream()
                .max(java.util.Comparator.comparingDouble(Filesystem::usedPercent)).orElse(null);
        Load load = after.load();
        Double rx = null, tx = null, rd = null, wr = null, rIops = null, wIops = null;
        if (seconds != null) {
            Map<String, NetCounters> nb = before.interfaces(), na = after.interfaces();
            Set<String> ifaces = Set.copyOf(na.keySet().stream().filter(i -> !i.equals("lo")).toList());
            rx = rate(nb, na, ifaces, NetCounters::rxBytes, 1, seconds);
            tx = rate(nb, na, ifaces, NetCounters::txBytes, 1, seconds);
            Map<String, DiskCounters> db = before.disks(), da = after.disks();
            Set<String> disks = Set.copyOf(da.keySet().stream()
                    .filter(n -> DiskstatsParser.countsAsDisk(n, da.keySet())).toList());
            rd = rate(db, da, disks, DiskCounters::sectorsRead, DiskCounters.SECTOR, seconds);
            wr = rate(db, da, disks, DiskCounters::sectorsWritten, DiskCounters.SECTOR, seconds);
            rIops = rate(db, da, disks, DiskCounters::reads, 1, seconds);
            wIops = rate(db, da, disks, DiskCounters::writes, 1, seconds);
        }
        return new HostMetrics(host, HostMetrics.State.OK, null, cpu, after.cpuCount() > 0 ? after.cpuCount() : null,
                load == null ? null : load.one(), load == null ? null : load.five(),
                load == null ? null : load.fifteen(), mem == null ? null : mem.usedPercent(),
                mem == null ? null : mem.availableEstimated(), mem == null ? null : mem.swapUsedPercent(),
                fullest == null ? null : fullest.usedPercent(), fullest == null ? null : fullest.mount(),
                rx, tx, rd, wr, rIops, wIops, after.uptimeSeconds(), problems);
    }

    /** The host's own clock (uptime) when both samples have it; it excludes SSH latency. */
    private static Double seconds(Snapshot before, Snapshot after) {
        if (before.uptimeSeconds() != null && after.uptimeSeconds() != null
                && after.uptimeSeconds() > before.uptimeSeconds()) {
            return after.uptimeSeconds() - before.uptimeSeconds();
        }
        double s = (after.takenAtNanos() - before.takenAtNanos()) / 1e9;
        return s > 0 ? s : null;
    }

    /**
     * Sum of per-device deltas; a device missing from either sample is left out, and a counter
     * that went backwards (wrapped, or the device was replaced) counts as zero.
     */
    private static <T> Double rate(Map<String, T> before, Map<String, T> after, Set<String> names,
                                   ToLongFunction<T> counter, int unit, double seconds) {
        if (after.isEmpty() && before.isEmpty()) {
            return null;
        }
        long sum = 0;
        for (String n : names) {
            T b = before.get(n);
            T a = after.get(n);
            if (a != null && b != null) {
                sum += Math.max(0, counter.applyAsLong(a) - counter.applyAsLong(b));
            }
        }
        return (double) sum * unit / seconds;
    }
}
