package dev.muster.core.strategy;

import dev.muster.core.inventory.Host;
import java.util.List;

/**
 * One batch of a rollout.
 *
 * @param number 1-based
 * @param of     how many batches the rollout has
 * @param hosts  the batch's hosts, in run order
 */
public record Batch(int number, int of, List<Host> hosts) {
    public Batch {
        hosts = List.copyOf(hosts);
    }
}
