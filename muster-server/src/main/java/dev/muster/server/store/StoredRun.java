package dev.muster.server.store;

import java.time.Instant;

/**
 * A run as the server sees it: the engine's {@link dev.muster.core.store.RunRecord} (without
 * outcomes) plus queueing facts.
 *
 * @param record      what ran and how it ended ({@code startedAt} is null while queued)
 * @param status      queued, running, finished or cancelled
 * @param environment the targeted environment, or null
 * @param requestedBy who asked for it, or null (runs the engine began without a request)
 * @param schedule    the schedule that fired it, or null
 * @param claimedBy   the server executing it, or null while queued or when begun directly
 * @param createdAt   when it was asked for
 */
public record StoredRun(dev.muster.core.store.RunRecord record, RunStatus status, String environment,
                        String requestedBy, String schedule, String claimedBy, Instant createdAt) {

    public String id() {
        return record.id();
    }
}
