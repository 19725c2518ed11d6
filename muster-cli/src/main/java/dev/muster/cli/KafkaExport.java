package dev.muster.cli;

import dev.muster.core.InputException;
import dev.muster.server.stream.ExportSettings;
import dev.muster.server.stream.KafkaSink;
import dev.muster.server.stream.MetricGroup;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** {@code muster serve}'s metric export flags (issue 18): where to, how often, how much to hold. */
final class KafkaExport {
    @Option(names = "--export-kafka", paramLabel = "kafka://HOST:PORT[,HOST:PORT]/TOPIC",
            description = "Export every host's metric samples to this Kafka topic as JSON (schema muster.metric.v1), "
                    + "at least once, keyed by host.")
    String target;

    @Option(names = "--export-kafka-config", paramLabel = "FILE",
            description = "Kafka producer properties for an existing cluster (security.protocol, sasl.*, ssl.*); "
                    + "muster keeps its delivery settings (idempotence, acks=all).")
    Path config;

    @Option(names = "--export-interval", paramLabel = "GROUP=DURATION",
            description = "How often a metric group is exported: cpu and memory (default 10s), disk_io and network "
                    + "(default 30s). Repeatable. The server samples at least as often as the shortest.")
    Map<String, String> intervals = new LinkedHashMap<>();

    @Option(names = "--export-buffer", paramLabel = "N", defaultValue = "10",
            description = "Samples each host keeps while the broker is away; older ones are dropped and counted in "
                    + "/metrics as muster_export_samples_dropped_total (default ${DEFAULT-VALUE}).")
    int buffer;

    @Option(names = "--export-batch-every", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How often buffered samples are sent (default ${DEFAULT-VALUE}).")
    Duration batchEvery;

    private final Properties extra = new Properties();

    boolean enabled() {
        return target != null;
    }

    /** The settings, or bad input naming the flag; checked before anything opens. */
    ExportSettings settings() {
        if (!enabled()) {
            if (config != null || !intervals.isEmpty()) {
                throw new InputException("--export-kafka", 0, 0,
                        "--export-kafka-config and --export-interval need --export-kafka");
            }
            return null;
        }
        try {
            KafkaSink.Target.parse(target);
        } catch (IllegalArgumentException e) {
            throw new InputException("--export-kafka", 0, 0, e.getMessage());
        }
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config)) {
                extra.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new InputException(config.toString(), 0, 0, "cannot read Kafka producer properties: " + e);
            }
        }
        Map<MetricGroup, Duration> parsed = new EnumMap<>(MetricGroup.class);
        for (Map.Entry<String, String> e : intervals.entrySet()) {
            MetricGroup g = MetricGroup.of(e.getKey());
            if (g == null) {
                throw new InputException("--export-interval", 0, 0, "expected cpu, memory, disk_io or network, got "
                        + e.getKey());
            }
            Duration d;
            try {
                d = DurationConverter.parse(e.getValue());
            } catch (Exception x) {
                throw new InputException("--export-interval", 0, 0, "expected a duration such as 10s for "
                        + e.getKey() + ", got " + e.getValue());
            }
            parsed.put(g, d);
        }
        try {
            return ExportSettings.defaults().withIntervals(parsed).withBuffer(buffer).withBatchEvery(batchEvery);
        } catch (IllegalArgumentException e) {
            throw new InputException("--export-*", 0, 0, e.getMessage());
        }
    }

    /** The sink; after {@link #settings} accepted the flags. */
    KafkaSink sink() {
        KafkaSink.Target t = KafkaSink.Target.parse(target);
        return new KafkaSink(t.bootstrap(), t.topic(), extra);
    }
}
