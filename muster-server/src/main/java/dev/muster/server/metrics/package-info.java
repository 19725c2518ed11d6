/**
 * Prometheus metrics: {@link dev.muster.server.metrics.ServerMetrics} for muster's own (runs by
 * status, queue depth, run and step durations, SSH pool, scheduler lag) and the
 * {@link dev.muster.server.metrics.FleetMetricsSource} hook through which fleet samples join
 * {@code /metrics}.
 */
package dev.muster.server.metrics;
