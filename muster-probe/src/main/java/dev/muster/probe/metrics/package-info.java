/**
 * Agentless host metrics: one exec per host per sample reads /proc and {@code df -P}
 * ({@link dev.muster.probe.metrics.SampleScript}); each {@link dev.muster.probe.metrics.Section}
 * is a file or command, a parser that never throws, and a default; two snapshots make
 * {@link dev.muster.probe.metrics.HostMetrics} with rates. {@link dev.muster.probe.metrics.MetricsCollector}
 * samples hosts over a Transport for `muster metrics` and a live view alike.
 */
package dev.muster.probe.metrics;
