/**
 * Probes: health checks (HTTP, TCP, command; from the controller or from the host), agentless
 * host metrics read from /proc in one round trip per sample, and fleet-wide log tail and grep.
 * Depends only on muster-core.
 */
package dev.muster.probe;
