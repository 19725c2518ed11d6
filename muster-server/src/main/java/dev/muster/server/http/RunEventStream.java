package dev.muster.server.http;

import dev.muster.server.engine.RunEvents;
import java.util.List;
import java.util.Map;

/**
 * Runs' live events as server-sent events (clients must send Accept: text/event-stream). Events
 * of a run this server executes carry an {@code id:}; a client reconnecting with
 * {@code Last-Event-ID} first gets what it missed from the run's kept events, then the live ones.
 * A run another server of the same store executes is followed through the store: its hosts'
 * starts and ends, and its output as that server shares it ({@code id: store-N}, resumed the
 * same way). One writer thread per client sends, in order, from a bounded queue: a client too
 * slow to keep up is closed after what it was sent (its browser reconnects from there), never
 * the run slowed.
 */
record RunEventStream(ServerContext sc) {
    static final int QUEUE = 20_000;
    /** How often a run executed elsewhere is looked up in the store. */
    static final long FOLLOW_MILLIS = 250;
    /** Rows of shared output read per query (a follower reads on while there are more). */
    static final int ROWS = 500;
    static final String STORE_ID = "store-";

    void stream(io.javalin.http.sse.SseClient client) {
        String id = client.ctx().pathParam("id");
        String lastEventId = client.ctx().header("Last-Event-ID");
        long after = sc.events().cursor(lastEventId);
        Outbox out = new Outbox(client);
        client.keepAlive();
        client.sendComment("subscribed");
        Thread.ofVirtual().name("muster-sse-" + id).start(out::drain); // drains while the replay fills it
        AutoCloseable sub = sc.events().subscribe(id, after, out::offer);
        client.onClose(() -> close(sub));
        if (client.terminated()) {
            close(sub);
        }
        // Replay what the store already holds, so a page opened mid-run counts from the truth even
        // when the run is not (or no more) in this server's memory: hosts under way, then every host
        // already done (each host's end sent once per connection, whoever sees it first).
        var stored = sc.store().runs().get(id);
        if (stored.isPresent()) {
            for (String host : sc.store().runs().inFlight(id)) {
                out.offer(new RunEvents.Numbered(0, new RunEvents.Event("host-started",
                        Map.of("host", host, "attempt", 1))));
            }
            for (dev.muster.core.exec.Outcome o : sc.store().runs().outcomes(id)) {
                out.offer(new RunEvents.Numbered(0, new RunEvents.Event("host-finished", RunEvents.finished(o))));
            }
        }
        // Not executed here (another server of the store executes it, or did): its output as shared there.
        boolean elsewhere = sc.engine().map(e -> !e.runsHere(id)).orElse(true) && !sc.events().published(id);
        StoreTail storeTail = new StoreTail(storeCursor(lastEventId));
        // A run that ended before we subscribed gets the output it missed, then its end, at once.
        stored.filter(r -> !r.status().active()).ifPresent(r -> {
            if (elsewhere) {
                tail(id, storeTail, out);
            }
            out.offer(new RunEvents.Numbered(0, finished(r)));
        });
        // A run executed by another server of the same store: follow it through the store.
        if (stored.isPresent() && stored.get().status().active() && elsewhere) {
            Thread.ofVirtual().name("muster-events-" + id).start(() -> follow(client, id, out, storeTail));
        }
    }

    /** The number in a {@code store-N} SSE id; 0 (replay what the store keeps) for another or none. */
    static long storeCursor(String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(STORE_ID)) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.substring(STORE_ID.length()).strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One event for the client and its SSE id (null: none, as for what is replayed from the store's tables). */
    private record Item(String id, RunEvents.Event event) {
    }

    /** The client's queue and its one writer; host ends and the run's end go out once each. */
    private final class Outbox {
        private final io.javalin.http.sse.SseClient client;
        private final java.util.concurrent.BlockingQueue<Item> queue =
                new java.util.concurrent.LinkedBlockingQueue<>(QUEUE);
        private final java.util.Set<String> sent = new java.util.HashSet<>();
        private volatile boolean overflow;

        Outbox(io.javalin.http.sse.SseClient client) {
            this.client = client;
        }

        void offer(RunEvents.Numbered n) {
            put(new Item(n.seq() > 0 ? sc.events().id(n.seq()) : null, n.event()));
        }

        /** An event read from the store's shared output, numbered there. */
        void offerStored(long seq, RunEvents.Event e) {
            put(new Item(STORE_ID + seq, e));
        }

        private void put(Item item) {
            if (!overflow && !queue.offer(item)) {
                overflow = true; // the writer sends what it holds, then closes
            }
        }

        void drain() {
            try {
                while (!client.terminated()) {
                    Item n = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                    if (n == null) {
                        if (overflow) {
                            client.close(); // all it held was sent: the browser resumes from the last id
                            return;
                        }
                        continue;
                    }
                    RunEvents.Event e = n.event();
                    if (e.type().equals("host-finished") && !sent.add("host " + e.data().get("host"))
                            || e.type().equals("run-finished") && !sent.add("run")
                            || n.id() == null && e.type().equals("host-started")
                            && sent.contains("host " + e.data().get("host"))) {
                        continue;
                    }
                    if (n.id() != null) {
                        client.sendEvent(e.type(), toJson(e), n.id());
                    } else {
                        client.sendEvent(e.type(), toJson(e));
                    }
                    if (e.type().equals("run-finished")) {
                        client.close();
                        return;
                    }
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException ex) {
                client.close(); // the client went away mid-write
            }
        }
    }

    /**
     * A run another server executes, as the store records it: hosts that start, their output as
     * that server shares it (from {@code after}), hosts that end, and the run's end, polled
     * every {@link #FOLLOW_MILLIS} ms. Once this server executes it (claimed after the page
     * opened) its output comes from memory instead.
     */
    private void follow(io.javalin.http.sse.SseClient client, String id, Outbox out, StoreTail tail) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<String> started = new java.util.HashSet<>();
        boolean here = false; // once this server executes it (or did), memory has its output: never both
        try {
            while (!client.terminated()) {
                here = here || sc.engine().map(e -> e.runsHere(id)).orElse(false) || sc.events().published(id);
                if (!here) {
                    tail(id, tail, out);
                }
                for (String host : sc.store().runs().inFlight(id)) {
                    if (started.add(host)) {
                        out.offer(new RunEvents.Numbered(0, new RunEvents.Event("host-started",
                                Map.of("host", host, "attempt", 1))));
                    }
                }
                for (dev.muster.core.exec.Outcome o : sc.store().runs().outcomes(id)) {
                    if (seen.add(o.host())) {
                        out.offer(new RunEvents.Numbered(0, new RunEvents.Event("host-finished",
                                RunEvents.finished(o))));
                    }
                }
                var run = sc.store().runs().get(id);
                if (run.isEmpty() || !run.get().status().active()) {
                    if (run.isEmpty()) {
                        client.close(); // deleted meanwhile: nothing more will come
                        return;
                    }
                    if (!here) {
                        tail(id, tail, out); // the executing server wrote the rest before it ended the run
                    }
                    out.offer(new RunEvents.Numbered(0, finished(run.get())));
                    return;
                }
                Thread.sleep(FOLLOW_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            client.close(); // the store or the client went away
        }
    }

    /**
     * Where one connection is in a run's shared output: the number it started after (its
     * Last-Event-ID), the last row read, and each host's first row sent on this connection.
     */
    private static final class StoreTail {
        final long start;
        long cursor;
        final java.util.Map<String, Long> first = new java.util.HashMap<>();

        StoreTail(long start) {
            this.start = start;
            this.cursor = start;
        }

        /**
         * Whether a cut row (the host's rows up to {@code upTo} dropped; -1: text dropped before it
         * was ever written) means this client missed output: it did unless it had those rows before
         * it connected, or was sent them here (its first row of the host here is not newer).
         */
        boolean missed(String host, long upTo) {
            Long f = first.get(host);
            return upTo < 0 || upTo > start && (f == null || upTo < f);
        }
    }

    /** Queues the shared output rows after the connection's cursor (a cut only when this client missed output). */
    private void tail(String id, StoreTail t, Outbox out) {
        for (int round = 0; round < 20; round++) { // bounded per poll; the next poll reads on
            List<dev.muster.server.store.LiveOutputs.Row> rows = sc.store().liveOutputs().after(id, t.cursor, ROWS);
            for (var r : rows) {
                if (!r.stream().equals(dev.muster.server.store.LiveOutputs.CUT)) {
                    t.first.putIfAbsent(r.host(), r.seq());
                    out.offerStored(r.seq(), new RunEvents.Event("output", Map.of("host", r.host(), "stream",
                            r.stream(), "text", r.text())));
                } else if (t.missed(r.host(), droppedUpTo(r.text()))) {
                    out.offerStored(r.seq(), new RunEvents.Event("output-cut", Map.of("host", r.host(),
                            "keptChars", RunEvents.OUTPUT_PER_HOST)));
                }
                t.cursor = r.seq();
            }
            if (rows.size() < ROWS) {
                break;
            }
        }
    }

    /** The newest row a cut row says was dropped; -1 when text was dropped before it was written (or unknown). */
    private static long droppedUpTo(String text) {
        try {
            return text.isEmpty() ? -1 : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static RunEvents.Event finished(dev.muster.server.store.StoredRun r) {
        return new RunEvents.Event("run-finished", Map.of("status", r.status().key(), "exitCode",
                r.record().exitCode() == null ? 3 : r.record().exitCode()));
    }

    private String toJson(RunEvents.Event e) {
        try {
            return sc.json().writeValueAsString(e.data());
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing to undo
        }
    }
}
