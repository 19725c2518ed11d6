package dev.muster.server.engine;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.inventory.Host;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Live progress of the runs this server executes, for server-sent events and the dashboard:
 * "host-started", "host-finished" and, after the run is recorded as ended, "run-finished".
 * Events carry statuses, never output, so nothing secret passes through here.
 */
public final class RunEvents {
    /** One event: its type and a small JSON-able body. */
    public record Event(String type, Map<String, Object> data) {
    }

    private final Map<String, List<Consumer<Event>>> subscribers = new ConcurrentHashMap<>();

    /** Hears the events of one run until the returned handle is closed. */
    public AutoCloseable subscribe(String runId, Consumer<Event> subscriber) {
        subscribers.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).add(subscriber);
        return () -> subscribers.computeIfPresent(runId, (k, list) -> {
            list.remove(subscriber);
            return list.isEmpty() ? null : list;
        });
    }

    public void publish(String runId, Event event) {
        for (Consumer<Event> s : subscribers.getOrDefault(runId, List.of())) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                // a subscriber that went away must not break the run or other subscribers
            }
        }
    }

    /** A host-finished event's body: host, status, kind ("" when none: "cancelled" for a host cut by a cancel). */
    public static Map<String, Object> finished(Outcome o) {
        return Map.of("host", o.host(), "status", o.status().key(), "kind", o.kind() == null ? "" : o.kind().key(),
                "durationMs", o.durationMs());
    }

    /** A listener that publishes each host's start and end for {@code runId}. */
    RunListener listener(String runId) {
        return new RunListener() {
            @Override
            public void hostStarted(Host host, int attempt) {
                publish(runId, new Event("host-started", Map.of("host", host.name(), "attempt", attempt)));
            }

            @Override
            public void hostFinished(Outcome o) {
                publish(runId, new Event("host-finished", finished(o)));
            }
        };
    }
}
