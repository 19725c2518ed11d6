package dev.muster.server.metrics;

/**
 * The hook for fleet metrics (per-host samples, labelled by host): whoever samples the fleet
 * implements it and hands it to the server's config; {@code /metrics} appends its text after
 * muster's own metrics. It must return Prometheus text exposition format (with its own HELP and
 * TYPE lines) and must not repeat muster's metric names.
 */
@FunctionalInterface
public interface FleetMetricsSource {
    FleetMetricsSource NONE = () -> "";

    /** Current fleet metrics as Prometheus text; empty when there are none. */
    String prometheusText();
}
