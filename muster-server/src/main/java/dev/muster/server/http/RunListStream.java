package dev.muster.server.http;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.store.StoredRun;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /api/v1/run-events}: the runs list's changes as server-sent events, for the runs
 * page (which inserts new rows and updates the others) and API clients. Each {@code run} event is
 * a run as the API shows it, plus its host counts so far while it is active; only runs of
 * environments the caller views, and only those that pass the same filters as the list
 * ({@code status}, {@code user}, {@code host}, {@code env}, {@code from}, {@code to}), or that
 * passed them earlier on this connection (so a row shown keeps following its run). After what was
 * missed comes a {@code ready} event. Numbered ({@code id:}) so a reconnecting browser resumes
 * from {@code Last-Event-ID}; a {@code resync} event says changes may have been missed. One writer
 * per connection sends from a bounded queue: a client too slow is closed after what it was sent.
 */
final class RunListStream {
    static final int QUEUE = 1000;
    /** A quiet stream gets a comment this often, so a client that went away is noticed. */
    static final int HEARTBEAT_SECONDS = 15;
    static final String FILTERS = "muster.run-events.filters";

    private final ServerContext sc;
    private final RunFeed feed;

    RunListStream(ServerContext sc) {
        this.sc = sc;
        this.feed = new RunFeed(sc);
    }

    /** Before the stream: a viewer somewhere, and filters that parse (a bad one is a 400, as on the list). */
    void check(Context ctx) {
        sc.requireAnywhere(sc.principal(ctx), Role.VIEWER);
        ctx.attribute(FILTERS, RunSearch.Query.of(ctx::queryParam));
    }

    void stream(SseClient client) {
        Principal p = sc.principal(client.ctx());
        RunSearch.Query q = client.ctx().attribute(FILTERS);
        Connection c = new Connection(client, p, q == null ? RunSearch.Query.of(k -> null) : q);
        client.keepAlive();
        client.sendComment("subscribed");
        Thread.ofVirtual().name("muster-run-events").start(c::drain);
        boolean complete = feed.subscribe(feed.cursor(client.ctx().header("Last-Event-ID")), c);
        client.onClose(() -> feed.unsubscribe(c));
        if (!complete) {
            c.offer(new Item(null, "resync", Map.of("reason", "changes since your last event may have been missed")));
        }
        c.offer(new Item(null, "ready", Map.of()));
        if (client.terminated()) {
            feed.unsubscribe(c);
        }
    }

    private record Item(String id, String type, Map<String, Object> data) {
    }

    /** One client: what it may see, its queue and its writer. */
    private final class Connection implements Consumer<RunFeed.Change> {
        private final SseClient client;
        private final Principal p;
        private final RunSearch.Query q;
        private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>(QUEUE);
        /** Runs that passed the filters on this connection: they are followed whatever they become. */
        private final Set<String> shown = new HashSet<>();
        private final Map<String, Boolean> touched = new HashMap<>();
        private volatile boolean overflow;

        Connection(SseClient client, Principal p, RunSearch.Query q) {
            this.client = client;
            this.p = p;
            this.q = q;
        }

        @Override
        public void accept(RunFeed.Change c) {
            StoredRun r = c.run();
            if (!p.may(Role.VIEWER, sc.environmentsOf(r))) {
                return; // another environment's run: not even its id goes out
            }
            synchronized (shown) {
                if (!shown.contains(r.id()) && !matches(r)) {
                    return;
                }
                shown.add(r.id());
            }
            offer(new Item(c.seq() > 0 ? feed.id(c.seq()) : null, "run", view(c)));
        }

        private boolean matches(StoredRun r) {
            if (q.verdict() != null && RunVerdict.of(r) != q.verdict()
                    || q.user() != null && !q.user().equals(r.requestedBy())
                    || q.env() != null && (r.environment() == null
                    || !Arrays.asList(r.environment().split(",")).contains(q.env()))
                    || q.from() != null && r.createdAt().isBefore(q.from())
                    || q.to() != null && !r.createdAt().isBefore(q.to())) {
                return false;
            }
            // a host it touched: asked of the store, remembered once true (a queued run touches none yet)
            return q.host() == null || touched.computeIfAbsent(r.id(), id -> feed.touched(id, q.host()) ? true : null)
                    != null;
        }

        void offer(Item item) {
            if (!overflow && !queue.offer(item)) {
                overflow = true; // the writer sends what it holds, then closes: the browser resumes from there
            }
        }

        void drain() {
            int idle = 0;
            try {
                while (!client.terminated()) {
                    Item n = queue.poll(1, TimeUnit.SECONDS);
                    if (n == null) {
                        if (overflow) {
                            client.close();
                            return;
                        }
                        if (++idle % HEARTBEAT_SECONDS == 0) {
                            client.sendComment("still here"); // a client gone is noticed here, and let go
                        }
                        continue;
                    }
                    String json = sc.json().writeValueAsString(n.data());
                    if (n.id() != null) {
                        client.sendEvent(n.type(), json, n.id());
                    } else {
                        client.sendEvent(n.type(), json);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException | RuntimeException e) {
                client.close(); // the client went away mid-write
            } finally {
                feed.unsubscribe(this);
            }
        }
    }

    /** The run as the list shows it: the API's view, what it runs in words, its target, counts so far. */
    private Map<String, Object> view(RunFeed.Change c) {
        StoredRun r = c.run();
        var rec = r.record();
        Map<String, Object> m = new LinkedHashMap<>(Views.run(r, sc.secrets()));
        m.put("counts", c.counts());
        m.put("what", sc.secrets().display(rec.command() != null ? rec.command()
                : String.valueOf(rec.spec().getOrDefault("plan", rec.kind()))));
        m.put("target", rec.selector() == null ? rec.hosts() : sc.secrets().display(rec.selector()));
        m.put("createdMs", r.createdAt().toEpochMilli());
        m.put("created", String.valueOf(r.createdAt()));
        return m;
    }
}
