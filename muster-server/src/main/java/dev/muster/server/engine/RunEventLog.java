package dev.muster.server.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One run's numbered events and who listens. Statuses are all kept (a few per host); output is
 * kept up to {@link #OUTPUT_PER_HOST} characters per host (the newest; older lines are dropped and
 * a replay says so with an "output-cut" notice) and {@link #OUTPUT_PER_RUN} for the whole run.
 * Appending and subscribing hold the same lock, so a replay and the live events that follow it
 * neither overlap nor leave a gap, and every listener hears events in their order.
 */
final class RunEventLog {
    static final int OUTPUT_PER_HOST = 16 * 1024;
    static final long OUTPUT_PER_RUN = 4L * 1024 * 1024;

    private record Kept(long seq, String host, int chars) {
    }

    private final TreeMap<Long, RunEvents.Event> events = new TreeMap<>();
    private final List<Consumer<RunEvents.Numbered>> listeners = new ArrayList<>();
    private final Map<String, ArrayDeque<Kept>> outputByHost = new HashMap<>();
    private final Map<String, Long> hostChars = new HashMap<>();
    /** Host → the newest of its output events dropped: a cursor below it missed output. */
    private final Map<String, Long> cutAt = new HashMap<>();
    /** Output events oldest first, for the per-run bound (entries already dropped per host are skipped). */
    private final ArrayDeque<Kept> outputOrder = new ArrayDeque<>();
    private final java.util.function.LongSupplier numbers;
    private long seq;
    private long outputChars;
    private long touched = System.nanoTime();
    private long endedAt = -1;
    private boolean ended;
    /** Dropped from the map (nothing in it, nobody listening): a caller holding it must take a new one. */
    private boolean retired;

    /** @param numbers the next event number, shared by every run's log (numbers never restart with a log) */
    RunEventLog(java.util.function.LongSupplier numbers) {
        this.numbers = numbers;
    }

    /** Numbers, keeps and hands out the event; false when this log was retired (use a fresh one). */
    synchronized boolean append(RunEvents.Event event) {
        if (retired) {
            return false;
        }
        long n = numbers.getAsLong();
        seq = n;
        touched = System.nanoTime();
        events.put(n, event);
        if (event.type().equals("output")) {
            keepOutput(n, event);
        }
        RunEvents.Numbered numbered = new RunEvents.Numbered(n, event);
        for (Consumer<RunEvents.Numbered> l : listeners) {
            try {
                l.accept(numbered);
            } catch (RuntimeException e) {
                // a listener that went away must not break the run or the other listeners
            }
        }
        return true;
    }

    /** Keeps an output event within its host's bound and the run's, dropping the oldest output first. */
    private void keepOutput(long n, RunEvents.Event event) {
        String host = String.valueOf(event.data().get("host"));
        int chars = String.valueOf(event.data().get("text")).length();
        Kept k = new Kept(n, host, chars);
        outputByHost.computeIfAbsent(host, h -> new ArrayDeque<>()).addLast(k);
        outputOrder.addLast(k);
        hostChars.merge(host, (long) chars, Long::sum);
        outputChars += chars;
        ArrayDeque<Kept> own = outputByHost.get(host);
        while (hostChars.get(host) > OUTPUT_PER_HOST && own.size() > 1) {
            drop(own.pollFirst());
        }
        while (outputChars > OUTPUT_PER_RUN && !outputOrder.isEmpty()) {
            Kept oldest = outputOrder.pollFirst();
            if (events.containsKey(oldest.seq())) {
                outputByHost.get(oldest.host()).remove(oldest);
                drop(oldest);
            }
        }
        if (outputOrder.size() > 2 * (events.size() + 16)) {
            outputOrder.removeIf(x -> !events.containsKey(x.seq())); // forget entries dropped per host
        }
    }

    private void drop(Kept k) {
        events.remove(k.seq());
        hostChars.merge(k.host(), (long) -k.chars(), Long::sum);
        outputChars -= k.chars();
        cutAt.merge(k.host(), k.seq(), Math::max);
    }

    /** Replays the events above {@code after} (with a notice per host whose output was cut since), then listens. */
    synchronized boolean subscribe(long after, Consumer<RunEvents.Numbered> listener) {
        if (retired) {
            return false;
        }
        cutAt.forEach((host, at) -> {
            if (at > after) {
                listener.accept(new RunEvents.Numbered(0, new RunEvents.Event("output-cut", Map.of("host", host,
                        "keptChars", OUTPUT_PER_HOST))));
            }
        });
        for (Map.Entry<Long, RunEvents.Event> e : events.tailMap(after, false).entrySet()) {
            listener.accept(new RunEvents.Numbered(e.getKey(), e.getValue()));
        }
        listeners.add(listener);
        return true;
    }

    /** Stops {@code listener}; true when the log held nothing and nobody listens: it is retired and may go. */
    synchronized boolean unsubscribe(Consumer<RunEvents.Numbered> listener) {
        listeners.remove(listener);
        retired = retired || listeners.isEmpty() && seq == 0;
        return retired;
    }

    /** Removes a listener without retiring the log (a one-off read of what is kept). */
    synchronized void removeListener(Consumer<RunEvents.Numbered> listener) {
        listeners.remove(listener);
    }

    /** Whether any event was appended (this server published for the run). */
    synchronized boolean hasEvents() {
        return seq > 0;
    }

    synchronized void ended(long nanos) {
        ended = true;
        endedAt = nanos;
    }

    /** Ended before {@code endedCutoff}, or untouched since {@code idleCutoff} with nobody listening: retired. */
    synchronized boolean stale(long endedCutoff, long idleCutoff) {
        if (ended && endedAt - endedCutoff < 0 || listeners.isEmpty() && touched - idleCutoff < 0) {
            retired = true; // a publisher still holding it takes a fresh log
        }
        return retired;
    }
}
