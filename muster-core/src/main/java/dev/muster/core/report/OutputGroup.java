package dev.muster.core.report;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.HostSet;
import java.util.List;

/**
 * Hosts whose outcomes are identical (status, failure kind, exit code, signal, stdout, stderr),
 * shown as one block headed by their folded HostSet.
 *
 * @param messages the distinct one-line messages of these hosts (e.g. connection errors), at most a few
 */
public record OutputGroup(HostSet hosts, Status status, FailureKind kind, Integer exitCode, String signal,
                          String stdout, String stderr, List<String> messages) {

    public OutputGroup {
        messages = List.copyOf(messages);
    }

    public boolean hasOutput() {
        return !stdout.isEmpty() || !stderr.isEmpty();
    }
}
