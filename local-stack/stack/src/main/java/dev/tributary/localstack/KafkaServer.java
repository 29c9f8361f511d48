package dev.tributary.localstack;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A single-node KRaft Kafka 4.4 broker (broker and controller roles) in a child JVM.
 *
 * <p>Like Amazon MSK's default configuration, the broker does not create topics on first use: clients create them.
 */
final class KafkaServer implements LocalServer<KafkaEndpoint> {

    private static final int ATTEMPTS = 3;

    private final List<String> command;
    private final Path logFile;
    private final KafkaEndpoint endpoint;
    private ChildProcess process;

    private KafkaServer(ChildProcess process, List<String> command, Path logFile, KafkaEndpoint endpoint) {
        this.process = process;
        this.command = command;
        this.logFile = logFile;
        this.endpoint = endpoint;
    }

    static KafkaServer start(Path directory) {
        LocalStackException last = null;
        // The ports are chosen before the broker binds them; another process may take one in between.
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return startOnce(directory.resolve("attempt-" + attempt));
            } catch (LocalStackException e) {
                last = e;
            }
        }
        throw last;
    }

    private static KafkaServer startOnce(Path directory) {
        int port = Ports.freeLoopbackPort();
        int controllerPort = Ports.freeLoopbackPort();
        Path config = directory.resolve("server.properties");
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", directory.resolve("data").toString());
        props.setProperty("auto.create.topics.enable", "false");
        props.setProperty("num.partitions", "1");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "5");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "5");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.num.partitions", "1");
        props.setProperty("min.insync.replicas", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        try {
            Files.createDirectories(directory);
            try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                props.store(out, "Tributary local stack Kafka broker");
            }
        } catch (IOException e) {
            throw new LocalStackException(
                    "Cannot write the Kafka broker configuration " + config + ": " + e.getMessage(), e);
        }
        List<String> command = JavaLauncher.command(
                "kafka-broker",
                "768m",
                "dev.tributary.localstack.kafka.KafkaBrokerMain",
                List.of(config.toString(), clusterId()));
        Path logFile = directory.resolve("kafka.log");
        ChildProcess process = ChildProcess.start("Kafka broker", command, logFile, Duration.ofSeconds(90));
        return new KafkaServer(process, command, logFile, new KafkaEndpoint("127.0.0.1:" + port));
    }

    /**
     * Stops the broker (a controlled shutdown, or SIGKILL when {@code crash}) and starts it again on the same ports
     * with the same data: clients see it go away and come back, as during a rolling restart or a crash of MSK.
     */
    synchronized void restart(boolean crash) {
        if (crash) {
            process.kill();
        } else {
            process.close();
        }
        process = ChildProcess.start("Kafka broker", command, logFile, Duration.ofSeconds(90));
    }

    /** A random cluster id in Kafka's format: a type-4 UUID, URL-safe base64 without padding. */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    @Override
    public KafkaEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void close() {
        process.close();
    }
}
