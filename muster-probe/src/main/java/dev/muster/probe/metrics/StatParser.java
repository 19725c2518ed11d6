package dev.muster.probe.metrics;

/** /proc/stat: the aggregate "cpu" line (4 to 10 columns depending on the kernel) and the cpuN count. */
final class StatParser {
    private StatParser() {
    }

    static void parse(String text, SnapshotDraft d) {
        int cpus = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("cpu ")) {
                d.cpu = cpuLine(line, d);
            } else if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                cpus++;
            }
        }
        d.cpuCount = cpus;
        if (d.cpu == null && d.problems.stream().noneMatch(p -> p.startsWith("stat: cpu"))) {
            d.problem(Section.STAT, "cpu: no aggregate 'cpu' line");
        }
    }

    private static CpuTimes cpuLine(String line, SnapshotDraft d) {
        String[] f = line.trim().split("\\s+");
        // 2.4 kernels have 4 columns (user nice system idle); later ones add up to 6 more
        if (f.length < 5) {
            d.problem(Section.STAT, "cpu: expected at least 4 counters, found " + SnapshotDraft.shown(line));
            return null;
        }
        long[] v = new long[8];
        for (int i = 0; i < v.length && i + 1 < f.length; i++) {
            try {
                v[i] = Long.parseLong(f[i + 1]);
            } catch (NumberFormatException e) {
                d.problem(Section.STAT, "cpu: counter " + (i + 1) + " is not a number: " + SnapshotDraft.shown(f[i + 1]));
                return null;
            }
        }
        return new CpuTimes(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}
