package dev.muster.server.stream;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.probe.logs.FilePosition;
import dev.muster.probe.logs.LogShipStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * {@code muster serve}'s log sources: for each source, every host it selects follows its files and
 * ships each line to the source's topic (as {@code muster logs --to --follow} does), with the
 * offsets kept in the data directory, so a restart of the server resumes where it stopped. A host
 * whose follow ends (unreachable, connection lost, files not there) is started again after a
 * backoff, for as long as the server runs.
 */
public final class LogSources implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogSources.class.getName());
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final List<Running> running = new ArrayList<>();
    private volatile boolean closed;

    /** One source: its shipper and the follow of each of its hosts. */
    private record Running(LogSource source, LogShipper shipper, Map<String, Executor.RunHandle> follows,
                           List<Thread> threads) {
    }

    private LogSources() {
    }

    /** Starts every source; {@code dataDir} keeps the offsets (shipping/). */
    public static LogSources start(List<LogSource> sources, Inventory inventory, Transport transport,
                                   ExecutorOptions options, Path dataDir, Properties producer) {
        LogSources all = new LogSources();
        Executor executor = new Executor(transport);
        for (LogSource s : sources) {
            List<Host> hosts = inventory.select(s.hosts());
            LogOffsets offsets = LogOffsets.open(LogOffsets.fileFor(dataDir,
                    "kafka://" + s.to().bootstrap() + "/" + s.to().topic()));
            Map<String, LogShipper.HostFacts> facts = hosts.stream().collect(Collectors.toMap(Host::name,
                    h -> new LogShipper.HostFacts(h.environment(), h.labels())));
            LogShipper shipper = new LogShipper(new KafkaSink(s.to().bootstrap(), s.to().topic(), producer,
                    "muster-logs-" + s.name()), offsets, facts::get, TraceIds.with(s.traceRegex()), Clock.systemUTC(),
                    10_000, Duration.ofMillis(200), text -> LOG.log(System.Logger.Level.INFO, "log source " + s.name()
                    + ": " + text));
            FilePosition otherwise = s.fromStart() ? FilePosition.START : FilePosition.END;
            LogShipStep step = new LogShipStep(s.files(), (host, file) -> offsets.get(host, file, otherwise), true,
                    s.poll(), shipper);
            Running r = new Running(s, shipper, new ConcurrentHashMap<>(), new ArrayList<>());
            for (Host h : hosts) {
                r.threads().add(Thread.ofVirtual().name("muster-log-" + s.name() + "-" + h.name())
                        .start(() -> all.follow(r, executor, step, h, options)));
            }
            all.running.add(r);
        }
        return all;
    }

    /** Follows one host until the server closes, starting again after each end with a backoff. */
    private void follow(Running r, Executor executor, LogShipStep step, Host host, ExecutorOptions options) {
        long backoff = MIN_BACKOFF.toMillis();
        while (!closed) {
            Executor.RunHandle handle = executor.start(List.of(host), step, options, null);
            r.follows().put(host.name(), handle);
            if (closed) {
                handle.cancel();
            }
            long started = System.nanoTime();
            try {
                RunResult result = handle.await();
                if (closed) {
                    return;
                }
                Outcome o = result.outcomes().getFirst();
                LOG.log(System.Logger.Level.WARNING, "log source " + r.source().name() + ": " + host.name()
                        + " stopped (" + o.status().key() + (o.message().isEmpty() ? "" : ": " + o.message())
                        + "); following it again in " + backoff + " ms");
                if (System.nanoTime() - started > Duration.ofMinutes(1).toNanos()) {
                    backoff = MIN_BACKOFF.toMillis(); // it ran a while: start over gently
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
                backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
            } catch (InterruptedException e) {
                handle.cancel();
                return;
            }
        }
    }

    /** Lines the broker acknowledged for source {@code name} since the server started. */
    public long shipped(String name) {
        return running.stream().filter(r -> r.source().name().equals(name)).mapToLong(r -> r.shipper().shipped()).sum();
    }

    /** Stops every follow, then delivers what was read (at most 10 s per source). */
    @Override
    public void close() {
        closed = true;
        for (Running r : running) {
            r.follows().values().forEach(Executor.RunHandle::cancel);
            r.threads().forEach(Thread::interrupt);
        }
        for (Running r : running) {
            for (Thread t : r.threads()) {
                try {
                    t.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            r.shipper().close(Duration.ofSeconds(10));
        }
    }
}
