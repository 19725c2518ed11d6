/**
 * Scheduled metric sampling: {@link dev.muster.server.metrics.MetricSampler} samples the fleet
 * through the caller's transport and stores rounds in the {@link dev.muster.server.metrics.MetricStore}
 * (latest per host, series per host, retention); {@link dev.muster.server.metrics.FleetMetrics}
 * renders the latest as Prometheus text (the fleet part of {@code /metrics});
 * Prometheus metrics: {@link dev.muster.server.metrics.ServerMetrics} holds muster's own (runs by
 * status, queue depth, run and step durations, SSH pool, scheduler lag) and the
 * {@link dev.muster.server.metrics.FleetMetricsSource} hook through which fleet samples join
 * {@code /metrics}.
 */
package dev.muster.server.metrics;
