package dev.muster.core.strategy;

/**
 * One batch size as a plan writes it: a host count ({@code 5}) or a share of the run's hosts
 * ({@code "25%"}).
 *
 * @param value   the count, or the percentage (1-100)
 * @param percent true for a percentage
 */
public record BatchSize(int value, boolean percent) {

    public BatchSize {
        if (value < 1 || (percent && value > 100)) {
            throw new IllegalArgumentException("batch size out of range: " + value + (percent ? "%" : ""));
        }
    }

    public static BatchSize count(int hosts) {
        return new BatchSize(hosts, false);
    }

    public static BatchSize percent(int percent) {
        return new BatchSize(percent, true);
    }

    /**
     * Hosts this size stands for in a run of {@code total} hosts: a percentage is rounded down
     * but is never less than one host (25% of 10 is 2; 5% of 10 is 1).
     */
    public int hostsOf(int total) {
        if (!percent) {
            return value;
        }
        return Math.max(1, (int) ((long) value * total / 100));
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
