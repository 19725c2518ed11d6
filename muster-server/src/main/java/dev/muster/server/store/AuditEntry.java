package dev.muster.server.store;

import java.time.Instant;

/**
 * One line of the audit log: who did what to which targets, when, and how it ended.
 *
 * @param id      increasing; 0 for an entry not yet written
 * @param at      when it was written
 * @param actor   user, token owner, or "scheduler"
 * @param action  what was asked, e.g. "run.start", "schedule.save", "token.create"
 * @param targets what it applied to (a selector, a schedule name, a run id), or null
 * @param result  how it ended: "ok", "denied", "failed: ..."
 * @param detail  anything else worth keeping (secrets masked), or null
 * @param environments the environments it concerns (who may read it), empty for none in particular
 */
public record AuditEntry(long id, Instant at, String actor, String action, String targets, String result,
                         String detail, java.util.Set<String> environments) {

    public AuditEntry {
        environments = environments == null ? java.util.Set.of()
                : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(environments));
    }
}
