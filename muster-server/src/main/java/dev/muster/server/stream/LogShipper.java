package dev.muster.server.stream;

import dev.muster.probe.logs.ShipListener;
import dev.muster.probe.logs.ShippedLine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Ships log lines to Kafka as they are read: a bounded queue (full, it holds the hosts back, so
 * nothing is dropped), one thread sending batches in order, and the offsets advanced and saved only
 * after the broker acknowledged a batch. While the broker is away the batch is sent again with
 * exponential backoff and jitter, for as long as it takes; the hosts wait.
 */
public final class LogShipper implements ShipListener, AutoCloseable {
    /** A host's environment and labels, for the records. */
    public record HostFacts(String env, Map<String, String> labels) {
    }

    private static final int MAX_BATCH = 2_000;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final KafkaSink sink;
    private final LogOffsets offsets;
    private final Function<String, HostFacts> facts;
    private final TraceIds traces;
    private final Clock clock;
    private final Duration batchEvery;
    private final Consumer<String> notices;
    private final BlockingQueue<LogRecord> queue;
    private final AtomicLong shipped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    private volatile Exception lastFailure;

    public LogShipper(KafkaSink sink, LogOffsets offsets, Function<String, HostFacts> facts, TraceIds traces,
                      Clock clock, int capacity, Duration batchEvery, Consumer<String> notices) {
        this.sink = sink;
        this.offsets = offsets;
        this.facts = facts;
        this.traces = traces;
        this.clock = clock;
        this.batchEvery = batchEvery;
        this.notices = notices;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name("muster-log-shipper").start(this::loop);
    }

    @Override
    public void line(ShippedLine line) {
        HostFacts f = facts.apply(line.host());
        LogRecord r = new LogRecord(line, f == null ? null : f.env(), f == null ? Map.of() : f.labels(),
                clock.instant(), traces.find(line.text()));
        try {
            queue.put(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the host is being stopped: this line is not acknowledged
        }
    }

    @Override
    public void notice(String host, String text) {
        notices.accept(host + ": " + text);
    }

    /** Lines the broker acknowledged so far. */
    public long shipped() {
        return shipped.get();
    }

    private void loop() {
        List<LogRecord> batch = new ArrayList<>();
        while (true) {
            try {
                LogRecord first = queue.poll(batchEvery.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                deliver(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void deliver(List<LogRecord> batch) throws InterruptedException {
        List<KafkaSink.Message> messages = new ArrayList<>(batch.size());
        batch.forEach(r -> messages.add(r.message()));
        long backoff = MIN_BACKOFF.toMillis();
        while (true) {
            try {
                sink.sendMessages(messages);
                break;
            } catch (Exception e) {
                if (lastFailure == null) {
                    notices.accept("cannot deliver to " + sink.describe() + " (" + e.getMessage()
                            + "): holding the lines and retrying");
                }
                lastFailure = e;
                Thread.sleep(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
                backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
            }
        }
        if (lastFailure != null) {
            notices.accept("delivering to " + sink.describe() + " again");
            lastFailure = null;
        }
        batch.forEach(r -> offsets.advance(r.line()));
        offsets.save();
        shipped.addAndGet(batch.size());
    }

    /**
     * Delivers what was read and waits at most {@code wait} for it; what is not acknowledged by
     * then is not recorded in the offsets and is read again next time. Closes the sink.
     */
    public boolean close(Duration wait) {
        closing = true;
        boolean done;
        try {
            thread.join(wait);
            done = !thread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            thread.interrupt();
        }
        sink.close();
        return done;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
