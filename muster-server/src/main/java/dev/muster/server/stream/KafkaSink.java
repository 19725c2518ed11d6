package dev.muster.server.stream;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records to a Kafka topic, keyed by host, as {@link ExportRecord#toJson} text. The producer is
 * idempotent with acks=all and batches that never expire, so what reaches a partition is always a
 * prefix of what was handed to the producer, without holes or reordering. A send not acknowledged
 * within {@link #SEND_DEADLINE} fails whole: the producer is closed at once (the broker's sequence
 * check rejects anything after a batch that did not arrive), and the caller's retry resends
 * everything not acknowledged through a fresh producer. Delivery is at least once: a record can
 * repeat, never go missing or overtake an earlier one of its host.
 */
public final class KafkaSink implements MetricSink {
    static final java.time.Duration SEND_DEADLINE = java.time.Duration.ofSeconds(30);
    private final String topic;
    private final java.time.Duration deadline;
    private final Properties config;
    private Producer<String, String> producer;

    /** {@code extra} (SASL, TLS, ...) is applied over muster's settings, except the ones delivery relies on. */
    public KafkaSink(String bootstrap, String topic, Properties extra) {
        this(bootstrap, topic, extra, SEND_DEADLINE);
    }

    /** The same, with {@code clientId} naming this producer to the broker (its logs and quotas). */
    public KafkaSink(String bootstrap, String topic, Properties extra, String clientId) {
        this(bootstrap, topic, extra, SEND_DEADLINE);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    }

    KafkaSink(String bootstrap, String topic, Properties extra, java.time.Duration deadline) {
        this.topic = topic;
        this.deadline = deadline;
        this.config = new Properties();
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Math.min(10_000, deadline.toMillis())));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "muster-metrics");
        if (extra != null) {
            config.putAll(extra);
        }
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // a batch never expires inside the producer: an expired batch followed by a delivered one
        // would leave a hole in a host's order; this sink's own deadline gives up on the whole send
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
    }

    /** {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC} */
    public static KafkaSink of(URI uri, Properties extra) {
        Target t = Target.parse(uri.toString());
        return new KafkaSink(t.bootstrap(), t.topic(), extra);
    }

    /** The parts of a kafka:// target. */
    public record Target(String bootstrap, String topic) {
        /** Parses {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC}; throws with what was expected. */
        public static Target parse(String text) {
            String rest = text.startsWith("kafka://") ? text.substring("kafka://".length()) : null;
            int slash = rest == null ? -1 : rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC, got " + text);
            }
            String bootstrap = rest.substring(0, slash);
            String topic = rest.substring(slash + 1);
            for (String hp : bootstrap.split(",")) {
                if (!hp.matches("[^:/\\s]+:\\d{1,5}")) {
                    throw new IllegalArgumentException("expected HOST:PORT in " + text + ", got " + hp);
                }
            }
            if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("expected a topic name of letters, digits, '.', '_' and '-' in "
                        + text + ", got " + topic);
            }
            return new Target(bootstrap, topic);
        }
    }

    /** One message: its key (a host, so a host's messages keep their order), time, and JSON value. */
    public record Message(String key, long timestampMillis, String json) {
    }

    @Override
    public void send(List<ExportRecord> records) throws Exception {
        List<Message> messages = new ArrayList<>(records.size());
        for (ExportRecord r : records) {
            messages.add(new Message(r.host(), r.timestamp().toEpochMilli(), r.toJson()));
        }
        sendMessages(messages);
    }

    /**
     * Sends {@code messages} in order and returns once the broker acknowledged every one; throws
     * otherwise (the producer is then replaced, and the caller sends them all again).
     */
    public synchronized void sendMessages(List<Message> messages) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }
        try {
            List<Future<?>> acks = new ArrayList<>(messages.size());
            // one deadline for the whole send: while the broker is away each send() may wait for metadata
            long end = System.nanoTime() + deadline.toNanos();
            for (Message m : messages) {
                if (System.nanoTime() > end) {
                    throw new java.util.concurrent.TimeoutException("the broker took no records within " + deadline);
                }
                acks.add(producer.send(new ProducerRecord<>(topic, null, m.timestampMillis(), m.key(), m.json())));
            }
            for (Future<?> f : acks) {
                f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (Exception e) {
            closeProducer(java.time.Duration.ZERO);
            throw e;
        }
    }

    @Override
    public String describe() {
        return "kafka://" + config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + "/" + topic;
    }

    private void closeProducer(java.time.Duration wait) {
        if (producer != null) {
            producer.close(wait);
            producer = null;
        }
    }

    @Override
    public synchronized void close() {
        closeProducer(java.time.Duration.ofSeconds(5));
    }
}
