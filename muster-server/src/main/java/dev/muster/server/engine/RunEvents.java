package dev.muster.server.engine;

import dev.muster.core.Redactor;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.inventory.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Live progress of the runs this server executes, for server-sent events and the dashboard:
 * "host-started", "output" (one line of a host's output, secrets masked), "host-finished" and,
 * after the run is recorded as ended, "run-finished". Each run's events are numbered and kept in
 * an {@link RunEventLog} (output bounded per host) while the run goes on and for
 * {@link #KEEP_ENDED_NANOS} after it ends, so a client that connects or reconnects mid-run replays
 * what it missed from its cursor (the SSE {@code Last-Event-ID}).
 */
public final class RunEvents {
    /** An ended run's events stay this long for late or reconnecting clients (five minutes). */
    static final long KEEP_ENDED_NANOS = 5L * 60 * 1_000_000_000L;
    /** A log nobody listens to and nothing was added to for an hour goes too (a run whose end was never seen here). */
    static final long KEEP_IDLE_NANOS = 60L * 60 * 1_000_000_000L;
    /** Each host's newest this many characters of output are kept for a replay (here and in the store's shared output). */
    public static final int OUTPUT_PER_HOST = RunEventLog.OUTPUT_PER_HOST;

    /** One event: its type and a small JSON-able body. */
    public record Event(String type, Map<String, Object> data) {
    }

    /**
     * An event with its place in its run's stream (1, 2, ...); 0 for a notice made up at replay
     * ("output-cut": earlier output of that host is no longer kept), which has no place.
     */
    public record Numbered(long seq, Event event) {
    }

    private final Map<String, RunEventLog> logs = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong numbers = new java.util.concurrent.atomic.AtomicLong();
    /** Told apart from another server's (or an earlier start's) numbers: a cursor from elsewhere replays all. */
    private final String epoch = Long.toString(System.nanoTime() & 0xffffffL, 36);

    /** Hears the events of one run from now on until the returned handle is closed. */
    public AutoCloseable subscribe(String runId, Consumer<Event> subscriber) {
        return subscribe(runId, Long.MAX_VALUE, n -> subscriber.accept(n.event()));
    }

    /**
     * First replays the run's kept events numbered above {@code after} (0: all), then hears the
     * new ones, in order, until the returned handle is closed. No event is missed or repeated
     * between the replay and the live part.
     */
    public AutoCloseable subscribe(String runId, long after, Consumer<Numbered> subscriber) {
        purge();
        // Long.MAX_VALUE: "from now on": nothing is replayed, and every new event is heard
        Consumer<Numbered> fromCursor = n -> {
            if (n.seq() == 0 || n.seq() > after || after == Long.MAX_VALUE) {
                subscriber.accept(n);
            }
        };
        RunEventLog log = logs.computeIfAbsent(runId, k -> new RunEventLog(numbers::incrementAndGet));
        while (!log.subscribe(after, fromCursor)) {
            logs.remove(runId, log);
            log = logs.computeIfAbsent(runId, k -> new RunEventLog(numbers::incrementAndGet));
        }
        RunEventLog subscribed = log;
        return () -> {
            if (subscribed.unsubscribe(fromCursor)) {
                logs.remove(runId, subscribed); // nothing was ever published there: no need to keep it
            }
        };
    }

    public void publish(String runId, Event event) {
        RunEventLog log = logs.computeIfAbsent(runId, k -> new RunEventLog(numbers::incrementAndGet));
        while (!log.append(event)) {
            logs.remove(runId, log);
            log = logs.computeIfAbsent(runId, k -> new RunEventLog(numbers::incrementAndGet));
        }
        if (event.type().equals("run-finished")) {
            log.ended(System.nanoTime());
            purge();
        }
    }

    /** Whether this server published events of the run that it still keeps (it executed it lately). */
    public boolean published(String runId) {
        RunEventLog log = logs.get(runId);
        return log != null && log.hasEvents();
    }

    /** An SSE id for {@code seq}: this server's epoch and the number. */
    public String id(long seq) {
        return epoch + "-" + seq;
    }

    /** The number in an SSE id this server gave; 0 (replay everything) for one from elsewhere or none. */
    public long cursor(String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(epoch + "-")) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.substring(epoch.length() + 1)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void purge() {
        long now = System.nanoTime();
        logs.entrySet().removeIf(e -> e.getValue().stale(now - KEEP_ENDED_NANOS, now - KEEP_IDLE_NANOS));
    }

    /** A host-finished event's body: host, status, kind ("" when none: "cancelled" for a host cut by a cancel). */
    public static Map<String, Object> finished(Outcome o) {
        return Map.of("host", o.host(), "status", o.status().key(), "kind", o.kind() == null ? "" : o.kind().key(),
                "durationMs", o.durationMs());
    }

    /** A listener that publishes each host's start, output lines (masked by {@code redactor}) and end for {@code runId}. */
    RunListener listener(String runId, Redactor redactor) {
        return new RunListener() {
            @Override
            public void hostStarted(Host host, int attempt) {
                publish(runId, new Event("host-started", Map.of("host", host.name(), "attempt", attempt)));
            }

            @Override
            public void outputLine(Host host, OutputSink.Stream stream, String line) {
                String text = redactor.redact(line) + "\n";
                if (text.length() > RunEventLog.OUTPUT_PER_HOST) {
                    text = text.substring(text.length() - RunEventLog.OUTPUT_PER_HOST);
                }
                publish(runId, new Event("output", Map.of("host", host.name(), "stream",
                        stream.name().toLowerCase(Locale.ROOT), "text", text)));
            }

            @Override
            public void hostFinished(Outcome o) {
                publish(runId, new Event("host-finished", finished(o)));
            }
        };
    }

    /** How many runs have a kept event log (for tests and the server page). */
    int kept() {
        return logs.size();
    }

    /** The events kept for {@code runId} above {@code after}, as a late subscriber would get them. */
    List<Numbered> replay(String runId, long after) {
        List<Numbered> out = new ArrayList<>();
        RunEventLog log = logs.get(runId);
        if (log != null) {
            Consumer<Numbered> c = out::add;
            if (log.subscribe(after, c)) {
                log.removeListener(c);
            }
        }
        return out;
    }
}
