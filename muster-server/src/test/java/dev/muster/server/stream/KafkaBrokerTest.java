package dev.muster.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The test broker itself: it starts, keeps records across a restart, and is gone after close. */
@Timeout(240)
class KafkaBrokerTest {
    @TempDir
    Path tmp;

    @Test
    void recordsSurviveARestartOfTheBroker() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(tmp.resolve("kafka"))) {
            broker.createTopic("t", 1);
            produce(broker, 0, 50);
            broker.stop();
            broker.start();
            produce(broker, 50, 100);
            assertThat(Consumed.values(broker.bootstrap(), "t", 100, Duration.ofSeconds(60)))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString)
                            .toList());
        }
        assertThat(tmp.resolve("kafka")).doesNotExist();
    }

    private static void produce(KafkaBroker broker, int from, int to) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                p.send(new ProducerRecord<>("t", "k", Integer.toString(i))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads a topic from the start until {@code count} records arrived or the deadline passed. */
    static final class Consumed {
        static List<String> values(String bootstrap, String topic, int count, Duration deadline) {
            List<String> out = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records(bootstrap, topic, count, deadline)) {
                out.add(r.value());
            }
            return out;
        }

        static List<ConsumerRecord<String, String>> records(String bootstrap, String topic, int count,
                                                            Duration deadline) {
            return records(bootstrap, topic, got -> got.size() >= count, deadline);
        }

        /** Reads a topic from the start until {@code enough} holds for what arrived, or the deadline passed. */
        static List<ConsumerRecord<String, String>> records(String bootstrap, String topic,
                                                            java.util.function.Predicate<List<ConsumerRecord<String, String>>> enough,
                                                            Duration deadline) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + java.util.UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long end = System.nanoTime() + deadline.toNanos();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                    new StringDeserializer())) {
                c.subscribe(List.of(topic));
                while (!enough.test(out) && System.nanoTime() < end) {
                    c.poll(Duration.ofMillis(500)).forEach(out::add);
                }
            }
            return out;
        }
    }
}
