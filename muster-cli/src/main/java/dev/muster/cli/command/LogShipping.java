package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.core.RunException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import dev.muster.probe.logs.FilePosition;
import dev.muster.probe.logs.LogShipStep;
import dev.muster.probe.logs.ShipListener;
import dev.muster.probe.logs.ShippedLine;
import dev.muster.server.stream.KafkaSink;
import dev.muster.server.stream.LogOffsets;
import dev.muster.server.stream.LogShipper;
import dev.muster.server.stream.TraceIds;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * {@code muster logs SELECTOR FILE... --to kafka://BROKER/TOPIC}: ships each new line of the files
 * on every host to a Kafka topic (schema muster.log.v1), from where the last run stopped, across
 * log rotations; {@code --follow} keeps shipping until Ctrl-C. Offsets live in the run store and
 * advance only when the broker acknowledged, so a restart loses nothing (at least once).
 */
final class LogShipping {
    @Option(names = "--to", paramLabel = "kafka://HOST:PORT[,HOST:PORT]/TOPIC",
            description = "Ship the lines to this Kafka topic (JSON, schema muster.log.v1, keyed by host) instead of "
                    + "printing them, from where the last shipping to it stopped, across rotations.")
    String target;

    @Option(names = "--to-config", paramLabel = "FILE",
            description = "Kafka producer properties for an existing cluster (security.protocol, sasl.*, ssl.*).")
    Path config;

    @Option(names = "--from-start", description = "With --to: files never shipped before are shipped from their "
            + "start (default: from their end, new lines only).")
    boolean fromStart;

    @Option(names = "--trace-regex", paramLabel = "REGEX",
            description = "With --to: a regex whose first group is a line's trace id, tried before the built-in "
                    + "forms (W3C traceparent, trace_id=, traceId=, trace=).")
    String traceRegex;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "With --to --follow: how often each host looks for new bytes (default ${DEFAULT-VALUE}).")
    Duration poll;

    boolean enabled() {
        return target != null;
    }

    /** Refuses what means nothing here, before anything opens. */
    KafkaSink.Target check(boolean filtered) {
        if (!enabled()) {
            if (config != null || fromStart || traceRegex != null) {
                throw InputException.option("--to", "--to-config, --from-start and --trace-regex need --to");
            }
            return null;
        }
        if (filtered) {
            throw InputException.option("--to", "ships every line: --grep, --since and --lines do not apply");
        }
        if (poll.isNegative() || poll.isZero()) {
            throw InputException.option("--poll", "expected a positive duration, got " + poll);
        }
        try {
            TraceIds.with(traceRegex);
            return KafkaSink.Target.parse(target);
        } catch (IllegalArgumentException e) {
            throw InputException.option(traceRegex != null && e.getMessage().contains("regular") ? "--trace-regex"
                    : "--to", e.getMessage());
        }
    }

    /** Ships until every host is done (without --follow), Ctrl-C, or {@code maxLines}; returns the exit code. */
    int ship(CommandContext context, List<Host> hosts, List<String> files, boolean follow, long maxLines,
             Executor executor, ExecutorOptions options, Path storeDir, PrintWriter out, PrintWriter err) {
        KafkaSink.Target t = check(false);
        Properties extra = KafkaExport.producerProperties(config);
        Path offsetsFile = LogOffsets.fileFor(storeDir, "kafka://" + t.bootstrap() + "/" + t.topic());
        LogOffsets offsets = LogOffsets.open(offsetsFile);
        FilePosition otherwise = fromStart ? FilePosition.START : FilePosition.END;
        Map<String, LogShipper.HostFacts> facts = hosts.stream().collect(Collectors.toMap(Host::name,
                h -> new LogShipper.HostFacts(h.environment(), h.labels())));
        LogShipper shipper = new LogShipper(new KafkaSink(t.bootstrap(), t.topic(), extra, "muster-logs"), offsets,
                facts::get, TraceIds.with(traceRegex), Clock.systemUTC(), 10_000, Duration.ofMillis(200),
                text -> {
                    synchronized (err) {
                        err.println("muster: " + text);
                        err.flush();
                    }
                });
        AtomicLong read = new AtomicLong();
        AtomicBoolean stopping = new AtomicBoolean();
        Executor.RunHandle[] handle = new Executor.RunHandle[1];
        ShipListener gate = new ShipListener() {
            @Override
            public void line(ShippedLine line) {
                long n = read.incrementAndGet();
                if (maxLines > 0 && n > maxLines) {
                    return;
                }
                shipper.line(line);
                if (maxLines > 0 && n == maxLines && stopping.compareAndSet(false, true)) {
                    handle[0].cancel();
                }
            }

            @Override
            public void notice(String host, String text) {
                shipper.notice(host, text);
            }
        };
        LogShipStep step = new LogShipStep(files, (host, file) -> offsets.get(host, file, otherwise), follow, poll, gate);
        RunResult result;
        handle[0] = executor.start(hosts, step, options, null);
        try (OnInterrupt ignored = context.onInterrupt(() -> {
            stopping.set(true);
            handle[0].cancel();
        })) {
            result = handle[0].await();
        } catch (InterruptedException e) {
            handle[0].cancel();
            shipper.close(Duration.ofSeconds(5));
            throw new RunException("interrupted", e);
        }
        boolean delivered = shipper.close(Duration.ofSeconds(30));
        long failed = result.outcomes().stream().filter(o -> !o.success() && !(stopping.get() && stoppedByUs(o)))
                .peek(o -> err.println("muster: " + o.host() + ": " + o.status().key()
                        + (o.message().isEmpty() ? "" : ": " + o.message())))
                .count();
        out.println("shipped " + shipper.shipped() + " lines from " + hosts.size() + " hosts to kafka://"
                + t.bootstrap() + "/" + t.topic() + (delivered ? "" : " (the rest was not acknowledged: it ships next "
                + "time)") + "; offsets in " + offsetsFile);
        out.flush();
        if (!delivered || failed > 0) {
            return ExitCodes.HOSTS_FAILED;
        }
        return ExitCodes.OK;
    }

    private static boolean stoppedByUs(Outcome o) {
        return o.kind() == FailureKind.CANCELLED || o.kind() == FailureKind.KILLED_BY_SIGNAL
                || o.status() == dev.muster.core.exec.Status.SKIPPED;
    }
}
