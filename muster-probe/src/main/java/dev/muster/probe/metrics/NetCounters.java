package dev.muster.probe.metrics;

/** One interface's byte counters from /proc/net/dev. */
public record NetCounters(String iface, long rxBytes, long txBytes) {
}
