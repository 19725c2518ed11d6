package dev.muster.core.plan;

import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.StrategySpec;
import java.time.Duration;
import java.util.List;

/**
 * One group of a plan's {@code groups:}: its own hosts, strategy, gates and window, run after the
 * groups it names in {@code after} (each with an optional soak time once that group is done).
 *
 * @param name       the group's name (its key under {@code groups:})
 * @param targets    the selector text of its {@code targets}
 * @param hosts      its hosts (within the plan's environment when one is set)
 * @param strategy   how its hosts are worked through
 * @param gates      checks after each of its batches
 * @param window     the name of the maintenance window that gates the start of each unit, or null
 * @param after      the groups it waits for
 * @param switchover for {@code kind: switchover}: the role probe, lag probe and switch; else null
 * @param line       where it is declared in the plan
 */
public record Group(String name, String targets, HostSet hosts, StrategySpec strategy, List<Plan.GateSpec> gates,
                    String window, List<After> after, Switchover switchover, int line) {
    public Group {
        gates = List.copyOf(gates);
        after = List.copyOf(after);
    }

    /**
     * The group as a run records it before it starts (run.json, the server's run detail): name,
     * hosts, strategy, after, window, and its state ("pending") and detail, which the run updates.
     */
    public java.util.Map<String, Object> pendingRecord() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        m.put("hosts", hosts.fold());
        m.put("strategy", strategy.kind().key());
        m.put("after", after.stream().map(After::group).toList());
        m.put("window", window);
        m.put("state", "pending");
        m.put("detail", "");
        return m;
    }

    /**
     * How a closed window's override is recorded in the run (the CLI's run.json, the server's run
     * detail), before each front end adds who and when: {@code reason} as it may be shown (masked).
     */
    public java.util.Map<String, Object> overrideRecord(String window, String unit, String closed, String reason) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("group", name);
        m.put("window", window);
        m.put("unit", unit);
        m.put("closed", closed);
        m.put("reason", reason);
        return m;
    }

    /** A dependency: start only once {@code group} is done and {@code soak} has passed since. */
    public record After(String group, Duration soak) {
    }

    /**
     * How a switchover group tells primary from replica and moves the primary.
     *
     * @param role          command run on every host: exit {@code primaryExit} = primary, {@code replicaExit} =
     *                      replica, anything else stops the group
     * @param lag           command printing a replica's lag as a number (lower is better), or null
     * @param switchCommand command run on the current primary; {@code {candidate}} becomes the chosen replica's
     *                      name (shell-quoted), {@code {candidate_address}} its address
     * @param verifyTimeout how long roles may take to show the candidate as primary and the old one as replica
     */
    public record Switchover(String role, int primaryExit, int replicaExit, String lag, String switchCommand,
                             Duration verifyTimeout) {
    }
}
