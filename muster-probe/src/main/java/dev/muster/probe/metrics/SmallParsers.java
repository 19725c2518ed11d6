package dev.muster.probe.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parsers for the one-line and simple tabular sections: loadavg, uptime, net/dev, df -P. */
final class SmallParsers {
    /** Pseudo and image file systems: never "the fullest disk" (squashfs snaps are always 100%). */
    private static final Set<String> PSEUDO = Set.of("tmpfs", "devtmpfs", "udev", "none", "overlay", "shm",
            "squashfs", "proc", "sysfs", "cgroup", "cgroup2");

    private SmallParsers() {
    }

    static void loadavg(String text, SnapshotDraft d) {
        String[] f = text.trim().split("\\s+");
        try {
            d.load = new Load(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        } catch (RuntimeException e) {
            d.problem(Section.LOADAVG, "expected three averages, found " + SnapshotDraft.shown(text));
        }
    }

    static void uptime(String text, SnapshotDraft d) {
        String[] f = text.trim().split("\\s+");
        try {
            d.uptimeSeconds = Double.parseDouble(f[0]);
        } catch (RuntimeException e) {
            d.problem(Section.UPTIME, "expected seconds since boot, found " + SnapshotDraft.shown(text));
        }
    }

    /** Two header lines, then "iface: rx_bytes ... (8 receive columns) tx_bytes ...". */
    static void netdev(String text, SnapshotDraft d) {
        d.interfaces();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (line.isBlank() || line.contains("|")) {
                continue;
            }
            // old kernels glue large counters to the colon ("eth0:3456789012"), so split there
            String[] f = colon < 0 ? new String[0] : line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 16) {
                d.problem(Section.NETDEV, "expected 16 counters, found " + SnapshotDraft.shown(line));
                continue;
            }
            try {
                String iface = line.substring(0, colon).trim();
                d.interfaces().put(iface, new NetCounters(iface, Long.parseLong(f[0]), Long.parseLong(f[8])));
            } catch (NumberFormatException e) {
                d.problem(Section.NETDEV, "counter is not a number in " + SnapshotDraft.shown(line));
            }
        }
    }

    /** POSIX df: "Filesystem 1024-blocks Used Available Capacity Mounted on"; mount points may hold spaces. */
    static void df(String text, SnapshotDraft d) {
        List<Filesystem> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("Filesystem")) {
                continue;
            }
            String[] f = line.trim().split("\\s+", 6);
            try {
                if (f.length < 6 || !f[4].endsWith("%")) {
                    throw new NumberFormatException();
                }
                long size = Long.parseLong(f[1]);
                if (size > 0 && !PSEUDO.contains(f[0])) {
                    out.add(new Filesystem(f[0], f[5], size, Long.parseLong(f[2]), Long.parseLong(f[3])));
                }
            } catch (NumberFormatException e) {
                d.problem(Section.DF, "expected 'source blocks used available capacity% mount', found "
                        + SnapshotDraft.shown(line));
            }
        }
        d.filesystems = out;
    }
}
