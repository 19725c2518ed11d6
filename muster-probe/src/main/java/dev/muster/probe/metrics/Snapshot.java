package dev.muster.probe.metrics;

import java.util.List;
import java.util.Map;

/**
 * Everything one sample read from a host, parsed. A field that could not be read is null (or
 * an empty collection) and {@code problems} says which and why.
 *
 * @param uptimeSeconds the host's uptime: also the host's own clock for rates between samples
 * @param takenAtNanos  controller's monotonic time when the sample came back (fallback clock)
 */
public record Snapshot(CpuTimes cpu, int cpuCount, Memory memory, Load load, Map<String, DiskCounters> disks,
                       Map<String, NetCounters> interfaces, Double uptimeSeconds, List<Filesystem> filesystems,
                       List<String> problems, long takenAtNanos) {

    public Snapshot {
        disks = disks == null ? Map.of() : Map.copyOf(disks);
        interfaces = interfaces == null ? Map.of() : Map.copyOf(interfaces);
        filesystems = filesystems == null ? List.of() : List.copyOf(filesystems);
        problems = List.copyOf(problems);
    }
}
