package dev.muster.server.engine;

import dev.muster.core.Redactor;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import dev.muster.server.store.LiveOutputs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a run's output lines (secrets masked) to the store's {@link LiveOutputs} as they come, so
 * a page on another server of the same PostgreSQL streams them too: lines are gathered and written
 * every {@link #FLUSH_MILLIS} ms in one transaction (the run never waits on the store for a line),
 * and at the end of each executor run, before the run is recorded as ended. Bounded as the
 * in-memory stream is: each host's newest {@link RunEventLog#OUTPUT_PER_HOST} characters,
 * {@link RunEventLog#OUTPUT_PER_RUN} for the run; what is dropped leaves a cut row for its host.
 */
final class SharedOutput implements RunListener, AutoCloseable {
    static final long FLUSH_MILLIS = 250;
    static final int ROW_CHARS = 4096;
    private static final System.Logger LOG = System.getLogger(SharedOutput.class.getName());

    /** A row written and still kept in the store. */
    private static final class Kept {
        final long seq;
        final String host;
        final int chars;
        boolean dropped;

        Kept(long seq, String host, int chars) {
            this.seq = seq;
            this.host = host;
            this.chars = chars;
        }
    }

    /** Text of one host and stream not written yet (consecutive lines of the same host and stream share one). */
    private record Pending(String host, String stream, StringBuilder text) {
    }

    private final LiveOutputs store;
    private final String runId;
    private final Redactor redactor;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Integer> pendingChars = new HashMap<>();
    private final Set<String> pendingCut = new LinkedHashSet<>();
    private final Map<String, ArrayDeque<Kept>> kept = new HashMap<>();
    private final Map<String, Long> keptChars = new HashMap<>();
    private final ArrayDeque<Kept> order = new ArrayDeque<>();
    private final Thread flusher;
    private long seq;
    private long runChars;
    private int live;
    private volatile boolean closed;
    private boolean warned;

    SharedOutput(LiveOutputs store, String runId, Redactor redactor) {
        this.store = store;
        this.runId = runId;
        this.redactor = redactor;
        this.seq = store.last(runId); // a run resumed here goes on after what an earlier server wrote
        this.flusher = Thread.ofVirtual().name("muster-live-output-" + runId).start(this::flushLoop);
    }

    @Override
    public void outputLine(Host host, OutputSink.Stream stream, String line) {
        String text = redactor.redact(line) + "\n";
        String name = host.name();
        synchronized (pending) {
            if (text.length() > RunEventLog.OUTPUT_PER_HOST) {
                text = text.substring(text.length() - RunEventLog.OUTPUT_PER_HOST);
                pendingCut.add(name);
            }
            String key = stream.name().toLowerCase(Locale.ROOT);
            Pending last = pending.isEmpty() ? null : pending.getLast();
            if (last != null && last.host().equals(name) && last.stream().equals(key)) {
                last.text().append(text);
            } else {
                pending.add(new Pending(name, key, new StringBuilder(text)));
            }
            int chars = pendingChars.merge(name, text.length(), Integer::sum);
            if (chars > RunEventLog.OUTPUT_PER_HOST) {
                trimPending(name, chars - RunEventLog.OUTPUT_PER_HOST);
            }
        }
    }

    /** Drops the oldest {@code excess} characters of the host's unwritten text (it printed faster than we write). */
    private void trimPending(String host, int excess) {
        pendingCut.add(host);
        for (var it = pending.iterator(); it.hasNext() && excess > 0; ) {
            Pending p = it.next();
            if (!p.host().equals(host)) {
                continue;
            }
            int take = Math.min(excess, p.text().length());
            p.text().delete(0, take);
            excess -= take;
            pendingChars.merge(host, -take, Integer::sum);
            if (p.text().isEmpty()) {
                it.remove();
            }
        }
    }

    /** Everything printed so far is written before the executor's run is seen as over. */
    @Override
    public void runFinished(RunResult result) {
        flush();
    }

    private void flushLoop() {
        while (!closed) {
            try {
                Thread.sleep(FLUSH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    /** Writes what is pending, numbered in order, then drops what the bounds no longer keep. */
    synchronized void flush() {
        List<LiveOutputs.Row> rows = new ArrayList<>();
        Set<String> cut;
        Set<String> unwritten;
        synchronized (pending) {
            for (Pending p : pending) {
                // rows of at most ROW_CHARS: the bound drops whole rows, so a host keeps nearly all it may
                String text = p.text().toString();
                for (int at = 0; at < text.length(); ) {
                    int end = Math.min(text.length(), at + ROW_CHARS);
                    if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                        end--;
                    }
                    rows.add(new LiveOutputs.Row(++seq, p.host(), p.stream(), text.substring(at, end)));
                    at = end;
                }
            }
            pending.clear();
            pendingChars.clear();
            cut = new LinkedHashSet<>(pendingCut);
            unwritten = Set.copyOf(pendingCut);
            pendingCut.clear();
        }
        Map<String, Long> drops = new HashMap<>();
        for (LiveOutputs.Row r : rows) {
            keep(r, drops);
        }
        cut.addAll(drops.keySet());
        if (rows.isEmpty() && cut.isEmpty()) {
            return;
        }
        List<LiveOutputs.Row> cutRows = new ArrayList<>();
        for (String host : cut) {
            // the text: the newest row dropped, so a reader that already had it is not told; empty when
            // text was dropped before it was written (nobody had it)
            Long upTo = drops.get(host);
            String text = upTo == null || unwritten.contains(host) ? "" : Long.toString(upTo);
            drops.putIfAbsent(host, 0L); // no row of it dropped from the store: only its older cut row goes
            cutRows.add(new LiveOutputs.Row(++seq, host, LiveOutputs.CUT, text));
        }
        try {
            store.append(runId, rows, drops, cutRows);
        } catch (RuntimeException e) {
            // the run goes on without its shared stream: other servers show the output when hosts end
            if (!warned) {
                warned = true;
                LOG.log(System.Logger.Level.WARNING, "cannot share the output of run " + runId + " with other "
                        + "servers: " + redactor.redact(String.valueOf(e.getMessage())));
            }
        }
    }

    /** Counts the row as kept and marks (in {@code drops}, host → newest number dropped) what the bounds drop. */
    private void keep(LiveOutputs.Row r, Map<String, Long> drops) {
        Kept k = new Kept(r.seq(), r.host(), r.text().length());
        ArrayDeque<Kept> own = kept.computeIfAbsent(r.host(), h -> new ArrayDeque<>());
        own.addLast(k);
        order.addLast(k);
        live++;
        keptChars.merge(r.host(), (long) k.chars, Long::sum);
        runChars += k.chars;
        while (keptChars.get(r.host()) > RunEventLog.OUTPUT_PER_HOST && own.size() > 1) {
            drop(own.pollFirst(), drops);
        }
        while (runChars > RunEventLog.OUTPUT_PER_RUN && !order.isEmpty()) {
            Kept oldest = order.pollFirst();
            if (!oldest.dropped) {
                kept.get(oldest.host).remove(oldest); // the oldest of the run is the oldest of its host
                drop(oldest, drops);
            }
        }
        if (order.size() > 2 * live + 64) {
            order.removeIf(x -> x.dropped); // forget entries dropped per host
        }
    }

    private void drop(Kept k, Map<String, Long> drops) {
        k.dropped = true;
        live--;
        keptChars.merge(k.host, (long) -k.chars, Long::sum);
        runChars -= k.chars;
        drops.merge(k.host, k.seq, Math::max);
    }

    /** Writes what is left and stops (the rows stay a few minutes for late readers: retention deletes them). */
    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        flush();
    }
}
