package dev.muster.core.plan;

import dev.muster.core.store.RunStore;
import dev.muster.core.store.StepMark;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plan run's progress in the run store: what {@link PlanRunner} writes as steps start and end
 * on each host, and reads back ({@link Resume}) to continue an interrupted run.
 */
public final class PlanJournal {
    /** Writes nothing, and cannot wait for approvals. */
    public static final PlanJournal NONE = new PlanJournal(null, "");

    /** Groups apart: batch numbers of group {@code g} (0-based) are kept as {@code (g + 1) * GROUP_BATCHES + n}. */
    static final int GROUP_BATCHES = 100_000;

    private final RunStore store;
    private final String runId;
    private final int batchBase;

    public PlanJournal(RunStore store, String runId) {
        this(store, runId, 0);
    }

    private PlanJournal(RunStore store, String runId, int batchBase) {
        this.store = store;
        this.runId = runId;
        this.batchBase = batchBase;
    }

    /** The same journal for group {@code index} of a plan's groups: its batch numbers kept apart from the others'. */
    public PlanJournal group(int index) {
        return new PlanJournal(store, runId, (index + 1) * GROUP_BATCHES);
    }

    public void mark(StepMark mark) {
        if (store != null) {
            store.mark(runId, batchBase == 0 ? mark : new StepMark(mark.mark(), batchBase + mark.batch(), mark.step(),
                    mark.host(), mark.status(), mark.name(), mark.output()));
        }
    }

    /** What an earlier attempt of this run did. */
    public Resume resume() {
        return new Resume(store == null ? List.of() : store.marks(runId));
    }

    /**
     * Asks for approval of {@code key} and waits for it (`muster approve RUN`, or the server), polling
     * the store. Returns false when {@code timeout} passes first, or when there is no store to ask in.
     */
    boolean awaitApproval(String key, String message, Duration timeout, Duration poll) throws InterruptedException {
        if (store == null) {
            return false;
        }
        if (store.approved(runId, key)) {
            return true; // approved before the run was interrupted
        }
        store.requestApproval(runId, key, message);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!store.approved(runId, key)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(poll.toMillis(), left / 1_000_000)));
        }
        return true;
    }

    /** The journal of an earlier attempt, read once. */
    public static final class Resume {
        private final Set<Integer> batchesDone = new HashSet<>();
        /** host → step → status of its last end, when it succeeded. */
        private final Map<String, Map<Integer, String>> done = new HashMap<>();
        private final Map<String, Map<Integer, String>> outputs = new HashMap<>();
        private final Map<String, Set<String>> owed = new HashMap<>();
        private final Set<String> inFlight = new LinkedHashSet<>();
        private final int marks;
        private final int batchBase;

        /** The view of {@code all} for one group (see {@link PlanJournal#group}). */
        private Resume(Resume all, int batchBase) {
            this.batchesDone.addAll(all.batchesDone);
            this.done.putAll(all.done);
            this.outputs.putAll(all.outputs);
            this.owed.putAll(all.owed);
            this.inFlight.addAll(all.inFlight);
            this.marks = all.marks;
            this.batchBase = batchBase;
        }

        /** What the earlier attempt did in group {@code index}. */
        public Resume group(int index) {
            return new Resume(this, (index + 1) * GROUP_BATCHES);
        }

        public Resume(List<StepMark> marks) {
            this.marks = marks.size();
            this.batchBase = 0;
            for (StepMark m : marks) {
                switch (m.mark()) {
                    case STARTED -> inFlight.add(m.host() + "\u0000" + m.step());
                    case DONE -> {
                        inFlight.remove(m.host() + "\u0000" + m.step());
                        Map<Integer, String> steps = done.computeIfAbsent(m.host(), k -> new HashMap<>());
                        if (m.status().equals("ok") || m.status().equals("changed")) {
                            steps.put(m.step(), m.status());
                            outputs.computeIfAbsent(m.host(), k -> new HashMap<>()).put(m.step(), m.output());
                        } else {
                            steps.remove(m.step());
                        }
                    }
                    case HANDLER_OWED -> owed.computeIfAbsent(m.host(), k -> new LinkedHashSet<>()).add(m.name());
                    case HANDLER_DONE -> owed.getOrDefault(m.host(), new HashSet<>()).remove(m.name());
                    case BATCH_DONE -> batchesDone.add(m.batch());
                }
            }
        }

        /** Whether every step and gate of {@code batch} passed. */
        public boolean batchDone(int batch) {
            return batchesDone.contains(batchBase + batch);
        }

        /** The status key ("ok", "changed") {@code step} ended with on {@code host}, or null to run it (again). */
        public String done(String host, int step) {
            return done.getOrDefault(host, Map.of()).get(step);
        }

        /** What steps done on {@code host} printed, by step index (for their {@code register}). */
        public Map<Integer, String> outputs(String host) {
            return outputs.getOrDefault(host, Map.of());
        }

        /** Handlers notified on {@code host} that never ran there. */
        public Set<String> owedHandlers(String host) {
            return owed.getOrDefault(host, Set.of());
        }

        /** Steps that started and never ended ("host step"), i.e. in flight when the run stopped. */
        public int inFlight() {
            return inFlight.size();
        }

        /** Whether the earlier attempt recorded anything at all. */
        public boolean isEmpty() {
            return marks == 0;
        }
    }
}
