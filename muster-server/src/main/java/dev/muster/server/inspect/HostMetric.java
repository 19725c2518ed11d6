package dev.muster.server.inspect;

import dev.muster.core.Keyed;
import java.util.Arrays;
import java.util.List;

/** The metrics an inspection can put thresholds on, by the names written in inspection files. */
public enum HostMetric implements Keyed {
    CPU_PERCENT(false, "busy CPU share over one second, all CPUs, 0-100"),
    MEMORY_USED_PERCENT(false, "memory in use (total minus available), 0-100"),
    SWAP_USED_PERCENT(false, "swap in use, 0-100"),
    LOAD1(false, "1-minute load average"),
    LOAD_PER_CORE(false, "1-minute load average divided by the number of CPUs"),
    DISK_USED_PERCENT(true, "use of the file system mounted at 'mount' (default /), 0-100, as df computes it"),
    INODES_USED_PERCENT(true, "inodes in use on the file system mounted at 'mount' (default /), 0-100");

    private final boolean perMount;
    private final String description;

    HostMetric(boolean perMount, String description) {
        this.perMount = perMount;
        this.description = description;
    }

    public boolean perMount() {
        return perMount;
    }

    public String description() {
        return description;
    }

    static HostMetric byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst().orElse(null);
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(HostMetric::key).toList();
    }
}
