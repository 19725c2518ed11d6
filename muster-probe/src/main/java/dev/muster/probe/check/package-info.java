/**
 * Health checks: {@link dev.muster.probe.check.HealthCheck} (HTTP(S), TCP, command; from the
 * controller or on the host over SSH, built by {@link dev.muster.probe.check.Checks}), judged
 * with Consul-like {@link dev.muster.probe.check.Thresholds}, and run through the engine as a
 * {@link dev.muster.probe.check.CheckStep} (which a deploy gate can use as is). No HTTP-server or
 * CLI types: the JDK HTTP client is used inside, package-private.
 */
package dev.muster.probe.check;
