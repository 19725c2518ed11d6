package dev.muster.probe.metrics;

/** One line of {@code df -P}, sizes in KiB. */
public record Filesystem(String source, String mount, long sizeKb, long usedKb, long availableKb) {

    /** As df computes Capacity: used / (used + available), so root's reserved blocks count as full. */
    public double usedPercent() {
        long usable = usedKb + availableKb;
        return usable <= 0 ? 0.0 : 100.0 * usedKb / usable;
    }
}
