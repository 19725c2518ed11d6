package dev.muster.core.exec;

import dev.muster.core.inventory.Host;
import java.time.Duration;

/** What a step may use while it runs on one host. */
public interface StepContext {

    Host host();

    /** The connection to the host, opened (or leased from the pool) on first use. */
    Connection connection() throws StepFailure, InterruptedException;

    /** Receives output as it arrives; the executor forwards it to listeners line by line. */
    OutputSink sink();

    /** Time left for this host's attempt, or null when unlimited. */
    Duration remaining();

    /** 1 for the first attempt. */
    int attempt();
}
