package dev.muster.probe.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the section parsers fill in while reading one sample; becomes a {@link Snapshot}. */
final class SnapshotDraft {
    CpuTimes cpu;
    int cpuCount;
    Memory memory;
    Load load;
    Map<String, DiskCounters> disks;
    Map<String, NetCounters> interfaces;
    Double uptimeSeconds;
    List<Filesystem> filesystems;
    final List<String> problems = new ArrayList<>();

    void problem(Section section, String what) {
        problems.add(section.key() + ": " + what);
    }

    Map<String, DiskCounters> disks() {
        if (disks == null) {
            disks = new LinkedHashMap<>();
        }
        return disks;
    }

    Map<String, NetCounters> interfaces() {
        if (interfaces == null) {
            interfaces = new LinkedHashMap<>();
        }
        return interfaces;
    }

    Snapshot build(long takenAtNanos) {
        return new Snapshot(cpu, cpuCount, memory, load, disks, interfaces, uptimeSeconds, filesystems, problems,
                takenAtNanos);
    }

    /** The line as shown in a problem: trimmed and cut short, so garbage cannot flood output. */
    static String shown(String line) {
        String t = line.strip();
        return "'" + (t.length() > 60 ? t.substring(0, 60) + "..." : t) + "'";
    }
}
