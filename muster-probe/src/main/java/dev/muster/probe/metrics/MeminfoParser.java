package dev.muster.probe.metrics;

import java.util.HashMap;
import java.util.Map;

/** /proc/meminfo. Without MemAvailable (kernels before 3.14) available memory is estimated. */
final class MeminfoParser {
    private MeminfoParser() {
    }

    static void parse(String text, SnapshotDraft d) {
        Map<String, Long> kb = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (line.isBlank()) {
                continue;
            }
            String[] f = colon < 0 ? new String[0] : line.substring(colon + 1).trim().split("\\s+");
            try {
                kb.put(line.substring(0, colon).trim(), Long.parseLong(f[0]));
            } catch (RuntimeException e) {
                d.problem(Section.MEMINFO, "unreadable line " + SnapshotDraft.shown(line));
            }
        }
        Long total = kb.get("MemTotal");
        if (total == null) {
            d.problem(Section.MEMINFO, "MemTotal missing");
            return;
        }
        Long available = kb.get("MemAvailable");
        boolean estimated = available == null;
        if (estimated) {
            // what the kernel's own MemAvailable approximates, minus its watermark subtleties
            available = kb.getOrDefault("MemFree", 0L) + kb.getOrDefault("Buffers", 0L)
                    + kb.getOrDefault("Cached", 0L) + kb.getOrDefault("SReclaimable", 0L)
                    - kb.getOrDefault("Shmem", 0L);
            available = Math.max(0, Math.min(available, total));
        }
        d.memory = new Memory(total, available, estimated, kb.getOrDefault("SwapTotal", 0L),
                kb.getOrDefault("SwapFree", 0L));
    }
}
