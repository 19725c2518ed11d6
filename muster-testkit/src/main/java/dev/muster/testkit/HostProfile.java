package dev.muster.testkit;

import java.time.Duration;

/**
 * What a fake host reports about itself to {@code uname}, {@code uptime} and {@code df -P /}.
 * Hosts with equal profiles print identical output (apart from their names in {@code uname -a}).
 */
public record HostProfile(String kernelRelease, String kernelVersion, Duration uptime, String loadAverage,
                          long diskKib, long diskUsedKib) {

    /** A Debian 12 VM with a 30 GB root disk, 15% used, up 41 days. */
    public static HostProfile debian12() {
        return new HostProfile("6.1.0-27-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)",
                Duration.ofDays(41).plusHours(3).plusMinutes(12), "0.08, 0.12, 0.10", 30_830_588, 4_512_876);
    }

    public HostProfile withKernel(String release, String version) {
        return new HostProfile(release, version, uptime, loadAverage, diskKib, diskUsedKib);
    }

    public HostProfile withUptime(Duration up, String load) {
        return new HostProfile(kernelRelease, kernelVersion, up, load, diskKib, diskUsedKib);
    }

    public HostProfile withDisk(long totalKib, long usedKib) {
        return new HostProfile(kernelRelease, kernelVersion, uptime, loadAverage, totalKib, usedKib);
    }
}
