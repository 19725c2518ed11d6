/**
 * The bridge between the store's run queue and core's engine:
 * {@link dev.muster.server.engine.EngineBridge} claims queued runs (bounded, on virtual threads)
 * and executes a command over a selector through the Executor, or a plan through PlanApply with
 * its journal and approvals in the store; output lines are masked and appended to the store as
 * they come. {@link dev.muster.server.engine.RunEvents} carries live progress to SSE clients;
 * {@link dev.muster.server.engine.ScheduledRuns} wakes the bridge when a schedule fires;
 * {@link dev.muster.server.engine.RunTargets} decides hosts, environments and plan paths.
 */
package dev.muster.server.engine;
