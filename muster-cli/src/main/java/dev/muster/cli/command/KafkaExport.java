package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.server.stream.ExportSettings;
import dev.muster.server.stream.KafkaSink;
import dev.muster.server.stream.MetricGroup;
import dev.muster.server.stream.MetricSink;
import dev.muster.server.stream.OtlpSink;
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

/** {@code muster serve}'s metric export flags (issue 18): where to (Kafka or OTLP), how often, how much to hold. */
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

    @Option(names = "--export-otlp", paramLabel = "URL",
            description = "Export the same samples to an OpenTelemetry collector over OTLP/HTTP (JSON), e.g. "
                    + "http://collector:4318 (the path defaults to /v1/metrics). Instead of --export-kafka.")
    String otlp;

    @Option(names = "--export-otlp-headers-file", paramLabel = "FILE",
            description = "HTTP headers for the collector, one 'Name: value' per line (credentials: the file must be "
                    + "private, mode 0600, as with vault password files).")
    Path otlpHeaders;

    private final Properties extra = new Properties();
    private final Map<String, String> headers = new LinkedHashMap<>();

    boolean enabled() {
        return target != null || otlp != null;
    }

    /** The settings, or bad input naming the flag; checked before anything opens. */
    ExportSettings settings() {
        if (!enabled()) {
            if (config != null || !intervals.isEmpty() || otlpHeaders != null) {
                throw new InputException("--export-kafka", 0, 0, "--export-kafka-config, --export-interval and "
                        + "--export-otlp-headers-file need --export-kafka or --export-otlp");
            }
            return null;
        }
        if (target != null && otlp != null) {
            throw new InputException("--export-otlp", 0, 0, "choose one of --export-kafka and --export-otlp");
        }
        if (otlp != null) {
            otlpSink();
        } else {
            try {
                KafkaSink.Target.parse(target);
            } catch (IllegalArgumentException e) {
                throw new InputException("--export-kafka", 0, 0, e.getMessage());
            }
        }
        if (otlpHeaders != null) {
            readHeaders();
        }
        extra.putAll(producerProperties(config));
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

    /** Kafka producer properties from {@code file} (none when null); a file that cannot be read is bad input. */
    static Properties producerProperties(Path file) {
        Properties props = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file)) {
                props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw InputException.in(file, "cannot read Kafka producer properties: " + e.getMessage());
            }
        }
        return props;
    }

    /** The --export-kafka-config properties, which log sources use too. */
    Properties producerProperties() {
        return producerProperties(config);
    }

    /** The sink; after {@link #settings} accepted the flags. */
    MetricSink sink() {
        if (otlp != null) {
            return otlpSink();
        }
        KafkaSink.Target t = KafkaSink.Target.parse(target);
        return new KafkaSink(t.bootstrap(), t.topic(), extra);
    }

    private OtlpSink otlpSink() {
        try {
            return new OtlpSink(java.net.URI.create(otlp), headers, Duration.ofSeconds(10));
        } catch (IllegalArgumentException e) {
            throw new InputException("--export-otlp", 0, 0, e.getMessage());
        }
    }

    /** 'Name: value' lines from a private file; blank lines and # comments skipped. */
    private void readHeaders() {
        String text = new String(dev.muster.core.secret.PrivateFiles.read(otlpHeaders, "the OTLP headers file"),
                java.nio.charset.StandardCharsets.UTF_8);
        int n = 0;
        for (String line : text.split("\\R")) {
            n++;
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).strip() : "";
            if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new InputException(otlpHeaders.toString(), n, 1, "expected 'Name: value'");
            }
            headers.put(name, line.substring(colon + 1).strip());
        }
    }
}
