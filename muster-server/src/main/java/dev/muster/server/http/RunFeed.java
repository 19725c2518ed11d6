package dev.muster.server.http;

import dev.muster.server.store.Jdbc;
import dev.muster.server.store.RunFilter;
import dev.muster.server.store.RunStatus;
import dev.muster.server.store.StoredRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Changes to the runs list, whichever server of the store queued or executes a run: a run
 * appears, its status or host counts change, it ends. One poller per server reads the store every
 * {@link #POLL_MILLIS} ms while someone listens (the newest runs after the last one seen, the
 * active ones, and the end of those that were active), and numbers each change. The last
 * {@link #KEPT} changes are kept, so a client reconnecting with its last number gets what it
 * missed; one whose number is no longer kept (or from before this server started) is told to
 * resynchronise. Who may see which change is decided per listener ({@link RunListStream}).
 */
final class RunFeed {
    static final long POLL_MILLIS = 1000;
    static final int KEPT = 2000;
    /** At most this many active runs are followed (the newest). */
    static final int ACTIVE = 500;
    /** A connection opened without a cursor also gets the changes of the last minute (the page may predate them). */
    static final long RECENT_NANOS = 60_000_000_000L;
    private static final System.Logger LOG = System.getLogger(RunFeed.class.getName());

    /** A run as it is now (counts: its hosts' outcomes so far while it is active), numbered (0: a snapshot, no number). */
    record Change(long seq, StoredRun run, Map<String, Integer> counts, long at) {
    }

    private final ServerContext sc;
    private final ArrayDeque<Change> kept = new ArrayDeque<>();
    private final List<Consumer<Change>> listeners = new ArrayList<>();
    /** The active runs as last seen, by id. */
    private Map<String, Change> active = new LinkedHashMap<>();
    private final Map<String, String> published = new HashMap<>();
    private final String epoch = Long.toString(System.nanoTime() & 0xffffffL, 36);
    private String newest;
    private long seq;
    /** The last number handed out before the poller last started: cursors up to it missed what came while none ran. */
    private long floor;
    private Thread poller;
    private boolean warned;

    RunFeed(ServerContext sc) {
        this.sc = sc;
    }

    String id(long n) {
        return epoch + "-" + n;
    }

    /** The number in an SSE id this feed gave; -1 for none, -2 for one this feed did not give (it may have missed changes). */
    long cursor(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return -1;
        }
        if (!lastEventId.startsWith(epoch + "-")) {
            return -2;
        }
        try {
            return Math.max(-2, Long.parseLong(lastEventId.substring(epoch.length() + 1).strip()));
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    /**
     * Hands {@code listener} what it missed, then every change until {@link #unsubscribe}: the kept
     * changes after {@code cursor} when they are all still kept; without a cursor (-1), or when
     * some are gone, a snapshot instead (the active runs and the changes of the last minute,
     * unnumbered). Returns false when changes since {@code cursor} may have been missed.
     */
    synchronized boolean subscribe(long cursor, Consumer<Change> listener) {
        if (poller == null) {
            baseline();
            poller = Thread.ofVirtual().name("muster-run-feed").start(this::pollLoop);
        }
        boolean resumable = cursor > floor && cursor <= seq
                && (kept.isEmpty() ? cursor == seq : cursor >= kept.getFirst().seq() - 1);
        if (resumable) {
            kept.stream().filter(c -> c.seq() > cursor).forEach(listener);
        } else {
            long now = System.nanoTime();
            Map<String, Change> snapshot = new LinkedHashMap<>();
            kept.stream().filter(c -> c.at() - (now - RECENT_NANOS) > 0).forEach(c -> snapshot.put(c.run().id(), c));
            try { // the active runs as the store has them now (the poller may not have seen one queued a moment ago)
                List<StoredRun> runs = activeRuns();
                Map<String, Map<String, Integer>> counts = counts(runs.stream().map(StoredRun::id).toList());
                for (StoredRun r : runs.reversed()) {
                    snapshot.put(r.id(), new Change(0, r, counts.getOrDefault(r.id(), Map.of()), now));
                }
            } catch (RuntimeException e) {
                warn(e);
                active.values().forEach(c -> snapshot.putIfAbsent(c.run().id(), c));
            }
            snapshot.values().forEach(c -> listener.accept(new Change(0, c.run(), c.counts(), c.at())));
        }
        listeners.add(listener);
        return resumable || cursor == -1;
    }

    synchronized void unsubscribe(Consumer<Change> listener) {
        listeners.remove(listener);
    }

    /** What the store holds when the poller starts: nothing is published for it (a snapshot hands it out). */
    private void baseline() {
        kept.clear(); // changes while nobody polled were not seen: older cursors must resynchronise
        floor = seq;
        published.clear();
        active = new LinkedHashMap<>();
        try {
            newest = sc.store().runs().list(1).stream().findFirst().map(StoredRun::id).orElse(null);
            List<StoredRun> runs = activeRuns();
            Map<String, Map<String, Integer>> counts = counts(runs.stream().map(StoredRun::id).toList());
            for (StoredRun r : runs) {
                Change c = new Change(0, r, counts.getOrDefault(r.id(), Map.of()), System.nanoTime());
                active.put(r.id(), c);
                published.put(r.id(), fingerprint(c));
            }
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    private void pollLoop() {
        while (true) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (listeners.isEmpty()) {
                    poller = null; // the next listener starts a fresh one from a fresh baseline
                    return;
                }
            }
            try {
                poll();
            } catch (RuntimeException e) {
                warn(e); // the store is away: the next round tries again, listeners keep their connection
            }
        }
    }

    /** One round: new runs, active runs, the end of runs that were active; publishes what changed. */
    void poll() {
        Map<String, StoredRun> seen = new LinkedHashMap<>();
        String from;
        synchronized (this) {
            from = newest;
        }
        List<StoredRun> fresh = from == null ? sc.store().runs().list(200)
                : sc.store().runs().search(RunFilter.NONE, null, from, 200);
        for (StoredRun r : fresh.reversed()) { // oldest first: changes are numbered in the order runs came
            seen.put(r.id(), r);
        }
        for (StoredRun r : activeRuns().reversed()) {
            seen.putIfAbsent(r.id(), r);
        }
        Set<String> wasActive;
        synchronized (this) {
            wasActive = Set.copyOf(active.keySet());
        }
        for (String id : wasActive) {
            if (!seen.containsKey(id)) {
                sc.store().runs().get(id).ifPresent(r -> seen.put(id, r)); // ended since (absent: deleted)
            }
        }
        List<String> live = seen.values().stream().filter(r -> r.status().active()).map(StoredRun::id).toList();
        Map<String, Map<String, Integer>> counts = counts(live);
        long now = System.nanoTime();
        synchronized (this) {
            if (!fresh.isEmpty()) {
                newest = fresh.getFirst().id();
            }
            Map<String, Change> nowActive = new LinkedHashMap<>();
            for (StoredRun r : seen.values()) {
                Map<String, Integer> stored = r.record().counts() == null ? Map.of() : r.record().counts();
                Change c = new Change(0, r, r.status().active() ? counts.getOrDefault(r.id(), Map.of()) : stored, now);
                String print = fingerprint(c);
                if (!print.equals(published.get(r.id()))) {
                    c = new Change(++seq, r, c.counts(), now);
                    publish(c);
                }
                if (r.status().active()) {
                    nowActive.put(r.id(), c);
                    published.put(r.id(), print);
                } else {
                    published.remove(r.id());
                }
            }
            for (String id : wasActive) {
                if (!seen.containsKey(id)) {
                    published.remove(id);
                }
            }
            active = nowActive;
        }
    }

    private void publish(Change c) {
        kept.addLast(c);
        while (kept.size() > KEPT) {
            kept.removeFirst();
        }
        for (Consumer<Change> l : List.copyOf(listeners)) {
            try {
                l.accept(c);
            } catch (RuntimeException e) {
                // a listener that went away must not stop the others
            }
        }
    }

    private static String fingerprint(Change c) {
        return c.run().status().key() + "|" + c.run().record().exitCode() + "|" + new TreeMap<>(c.counts());
    }

    private List<StoredRun> activeRuns() {
        return sc.store().runs().search(new RunFilter(Set.of(RunStatus.QUEUED, RunStatus.RUNNING), null, null, null,
                null, null, null), null, null, ACTIVE);
    }

    /** Each active run's outcomes so far, by status. */
    private Map<String, Map<String, Integer>> counts(Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        String sql = "SELECT run_id, status, COUNT(*) FROM run_hosts WHERE run_id IN ("
                + String.join(", ", java.util.Collections.nCopies(runIds.size(), "?")) + ") GROUP BY run_id, status";
        return new Jdbc(sc.store().database()).read("count outcomes of active runs", c -> {
            Map<String, Map<String, Integer>> out = new HashMap<>();
            try (PreparedStatement ps = Jdbc.prepare(c, sql, runIds.toArray()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getInt(3));
                }
            }
            return out;
        });
    }

    /** Whether the run has an outcome on {@code host} or started there (the runs list's host filter). */
    boolean touched(String runId, String host) {
        return new Jdbc(sc.store().database()).read("read hosts of run " + runId, c -> Jdbc.queryLong(c, 0,
                "SELECT COUNT(*) FROM run_hosts WHERE run_id = ? AND host = ?", runId, host) > 0
                || Jdbc.queryLong(c, 0, "SELECT COUNT(*) FROM run_inflight WHERE run_id = ? AND host = ?", runId,
                host) > 0);
    }

    private void warn(RuntimeException e) {
        if (!warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, "the runs list cannot follow the store: " + e.getMessage());
        }
    }

    /** For tests: the change numbers handed out so far. */
    synchronized long last() {
        return seq;
    }
}
