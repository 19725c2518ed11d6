package dev.muster.server.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code capacity} samples of every host, oldest first. A sample that arrives at a full
 * host evicts that host's oldest, which is counted as dropped. A batch is taken without removing
 * anything, and only what the sink acknowledged is removed, so a failed send loses nothing that
 * is still in the buffer.
 */
final class SampleBuffer {
    /** One host's due metrics at one round, with its place in the host's sequence. */
    record Sample(String host, long seq, List<ExportRecord> records) {
    }

    private final int capacity;
    private final Map<String, ArrayDeque<Sample>> hosts = new LinkedHashMap<>();
    private final Map<String, Long> next = new LinkedHashMap<>();
    private long dropped;
    private long buffered;

    SampleBuffer(int capacity) {
        this.capacity = capacity;
    }

    private ExportSpool spool;

    /** Journals every change to {@code spool} from now on (after {@link ExportSpool#replay} filled this buffer). */
    synchronized void journal(ExportSpool spool) {
        this.spool = spool;
    }

    synchronized void add(String host, List<ExportRecord> records) {
        long seq = next.merge(host, 1L, Long::sum);
        put(host, seq, records);
        if (spool != null) {
            spool.added(host, seq, records);
            spool.compactIfOver(4L * Math.max(1, hosts.size()) * capacity + 1000, this::snapshot);
        }
    }

    /** A sample read back from the journal, with the sequence number it had. */
    synchronized void restore(String host, long seq, List<ExportRecord> records) {
        next.merge(host, seq, Math::max);
        put(host, seq, records);
    }

    private void put(String host, long seq, List<ExportRecord> records) {
        ArrayDeque<Sample> q = hosts.computeIfAbsent(host, h -> new ArrayDeque<>());
        if (q.size() == capacity) {
            q.removeFirst();
            dropped++;
            buffered--;
        }
        q.addLast(new Sample(host, seq, List.copyOf(records)));
        buffered++;
    }

    /** Everything buffered now, each host's samples in order. */
    synchronized List<Sample> snapshot() {
        List<Sample> out = new ArrayList<>();
        hosts.values().forEach(out::addAll);
        return out;
    }

    /** Removes the samples that were sent (those still buffered; evicted ones are already gone). */
    synchronized void acknowledge(List<Sample> sent) {
        Map<String, Long> upTo = new LinkedHashMap<>();
        for (Sample s : sent) {
            upTo.merge(s.host(), s.seq(), Math::max);
        }
        acknowledgeUpTo(upTo);
        if (spool != null) {
            spool.acknowledged(upTo);
        }
    }

    /** Removes each host's samples up to its sequence number. */
    synchronized void acknowledgeUpTo(Map<String, Long> upTo) {
        upTo.forEach((host, seq) -> {
            ArrayDeque<Sample> q = hosts.get(host);
            while (q != null && !q.isEmpty() && q.peekFirst().seq() <= seq) {
                q.removeFirst();
                buffered--;
            }
        });
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized long buffered() {
        return buffered;
    }
}
