package dev.muster.server.engine;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Transport;
import dev.muster.core.plan.StepFactory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the engine bridge executes runs.
 *
 * @param transport     how hosts are reached (the CLI passes its SSH transport)
 * @param planSteps     the plan step factories for a transport (files, probe...), from the CLI
 * @param executor      fan-out, timeouts and retries of each run
 * @param serverId      this server's name in the queue ({@code claimed_by})
 * @param maxRuns       at most this many runs execute at once
 * @param poll          how often the queue is checked when nothing woke the bridge
 * @param maxOutputPerHost the most output (UTF-8 bytes, stdout and stderr) one host stores per run
 * @param lease         how long a claim on a run holds without a heartbeat; the bridge renews it every
 *                      third of that, and any server reaps a run whose lease ran out
 */
public record EngineSettings(Transport transport, Function<Transport, List<StepFactory>> planSteps,
                             ExecutorOptions executor, String serverId, int maxRuns, Duration poll,
                             long maxOutputPerHost, Duration lease) {
    public static final long DEFAULT_MAX_OUTPUT_PER_HOST = 10L * 1024 * 1024;
    public static final Duration DEFAULT_LEASE = dev.muster.server.store.RunQueue.DEFAULT_LEASE;

    public EngineSettings {
        Objects.requireNonNull(transport, "transport");
        planSteps = planSteps == null ? t -> List.of() : planSteps;
        executor = executor == null ? ExecutorOptions.defaults() : executor;
        Objects.requireNonNull(serverId, "serverId");
        if (maxRuns < 1) {
            throw new IllegalArgumentException("maxRuns must be at least 1");
        }
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        if (maxOutputPerHost < 1) {
            throw new IllegalArgumentException("maxOutputPerHost must be at least 1 byte");
        }
        lease = lease == null ? DEFAULT_LEASE : lease;
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("lease must be at least 300 ms, got " + lease);
        }
    }

    /** With the default lease, {@link #DEFAULT_LEASE}. */
    public EngineSettings(Transport transport, Function<Transport, List<StepFactory>> planSteps,
                          ExecutorOptions executor, String serverId, int maxRuns, Duration poll,
                          long maxOutputPerHost) {
        this(transport, planSteps, executor, serverId, maxRuns, poll, maxOutputPerHost, DEFAULT_LEASE);
    }

    /** With the default output cap, {@value #DEFAULT_MAX_OUTPUT_PER_HOST} bytes per host. */
    public EngineSettings(Transport transport, Function<Transport, List<StepFactory>> planSteps,
                          ExecutorOptions executor, String serverId, int maxRuns, Duration poll) {
        this(transport, planSteps, executor, serverId, maxRuns, poll, DEFAULT_MAX_OUTPUT_PER_HOST);
    }
}
