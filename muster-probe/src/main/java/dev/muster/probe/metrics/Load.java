package dev.muster.probe.metrics;

/** /proc/loadavg: run-queue averages over 1, 5 and 15 minutes. */
public record Load(double one, double five, double fifteen) {
}
