package dev.muster.server.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one process) for tests, run from
 * the {@code kafka_2.13} artifact on the test class path in a child JVM of its own, on two free
 * loopback ports. Its log directory survives {@link #stop()} so {@link #start()} brings the same
 * broker back (a restart mid-stream); {@link #close()} kills it and deletes everything. Every wait
 * has a deadline; a broker that does not come up fails the test with the tail of its log.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Thread killer;
    private Process process;

    private KafkaBroker(Path dir) throws IOException {
        this.dir = dir;
        this.port = freePort();
        this.controllerPort = freePort();
        // a test JVM that dies (fork timeout, Ctrl-C) must not leave a broker behind
        this.killer = new Thread(this::kill, "kafka-broker-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Formats a fresh broker under {@code dir} (which it owns) and starts it. */
    public static KafkaBroker start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        KafkaBroker broker = new KafkaBroker(dir);
        try {
            broker.format();
            broker.start();
            return broker;
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** host:port of the PLAINTEXT listener. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Creates a topic with {@code partitions} partitions and waits until it exists. */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** (Re)starts the broker on the same ports and log directory, and waits until it answers. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        awaitReady();
    }

    /** Stops the broker cleanly (SIGTERM, then SIGKILL after a deadline); its data stays. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private void format() throws IOException, InterruptedException {
        Path props = dir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "") );
        Process p = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                props.toString()).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        if (!p.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("formatting the Kafka log directory did not finish: " + tail());
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("formatting the Kafka log directory failed: " + tail());
        }
    }

    private ProcessBuilder java(String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    }

    private void awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + ": " + tail());
            }
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Kafka broker did not answer within " + START_DEADLINE + " (" + last
                + "): " + tail());
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    private Path log() {
        return dir.resolve("broker.log");
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
