package dev.muster.probe.metrics;

/**
 * /proc/diskstats: 14 fields per device (before 4.18), 18 (4.18: discard counters), 20 (5.5:
 * flush counters); 2.6 kernels before 2.6.25 print partitions with 7 fields. Only the first
 * read/write counters are used, so every form reads the same.
 */
final class DiskstatsParser {
    private DiskstatsParser() {
    }

    static void parse(String text, SnapshotDraft d) {
        d.disks();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            try {
                DiskCounters c = switch (f.length) {
                    case 7 -> new DiskCounters(f[2], num(f[3]), num(f[4]), num(f[5]), num(f[6]));
                    case 14, 18, 20 -> new DiskCounters(f[2], num(f[3]), num(f[5]), num(f[7]), num(f[9]));
                    default -> null;
                };
                if (c == null) {
                    d.problem(Section.DISKSTATS, "expected 7, 14, 18 or 20 fields, found " + f.length + " in "
                            + SnapshotDraft.shown(line));
                } else {
                    d.disks().put(c.device(), c);
                }
            } catch (NumberFormatException e) {
                d.problem(Section.DISKSTATS, "counter is not a number in " + SnapshotDraft.shown(line));
            }
        }
    }

    private static long num(String s) {
        return Long.parseLong(s);
    }

    /**
     * Whole physical disks only: partitions, device-mapper and md devices sit on top of disks
     * already counted, and loop, ram, zram, optical and floppy devices are not storage I/O.
     */
    static boolean countsAsDisk(String name, java.util.Set<String> all) {
        if (name.matches("(loop|ram|zram|sr|fd|dm-|md)\\d*.*")) {
            return false;
        }
        for (String other : all) {
            if (!other.equals(name) && name.startsWith(other) && name.length() > other.length()
                    && isPartitionSuffix(name.substring(other.length()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPartitionSuffix(String rest) {
        return rest.matches("p?\\d+");
    }
}
