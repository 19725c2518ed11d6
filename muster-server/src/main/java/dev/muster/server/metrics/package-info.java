/**
 * Scheduled metric sampling: {@link dev.muster.server.metrics.MetricSampler} samples the fleet
 * through the caller's transport and stores rounds in the {@link dev.muster.server.metrics.MetricStore}
 * (latest per host, series per host, retention); {@link dev.muster.server.metrics.FleetMetrics}
 * renders the latest as Prometheus text.
 */
package dev.muster.server.metrics;
