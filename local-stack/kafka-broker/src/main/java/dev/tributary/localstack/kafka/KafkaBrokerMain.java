package dev.tributary.localstack.kafka;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * Runs a single-node KRaft broker (broker and controller in one process) for the local stack.
 *
 * <p>Usage: {@code KafkaBrokerMain <server.properties> <cluster-id>}. The storage directory is formatted on first
 * start. When the broker is ready, one line {@code TRIBUTARY-READY} is printed on stdout. The broker stops when its
 * stdin reaches end of file: the parent keeps the pipe open, so if the parent dies for any reason, even
 * {@code kill -9}, the broker follows it instead of lingering as an orphan.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <cluster-id>");
            System.exit(2);
        }
        Path config = Path.of(args[0]);
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(config.toFile())) {
            props.load(in);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int rc = StorageTool.execute(
                    new String[] {"format", "--standalone", "-t", args[1], "-c", config.toString()}, System.err);
            if (rc != 0) {
                System.err.println(
                        "Cannot start the Kafka broker because formatting " + logDir + " failed with code " + rc);
                System.exit(1);
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.shutdown();
                            server.awaitShutdown();
                        },
                        "kafka-broker-shutdown"));
        server.startup();
        System.out.println("TRIBUTARY-READY");
        System.out.flush();
        awaitEndOfInput();
        System.exit(0);
    }

    private static void awaitEndOfInput() {
        try {
            while (System.in.read() != -1) {
                // The parent never writes; any byte is ignored until the pipe closes.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone: stop as well.
        }
    }
}
