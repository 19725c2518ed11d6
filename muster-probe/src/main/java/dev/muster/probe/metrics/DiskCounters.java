package dev.muster.probe.metrics;

/** One block device's counters from /proc/diskstats (sectors are always 512 bytes there). */
public record DiskCounters(String device, long reads, long sectorsRead, long writes, long sectorsWritten) {
    static final int SECTOR = 512;
}
