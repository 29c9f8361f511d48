package dev.tributary.poller.benchmark;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.localstack.sample.PagilaSample;
import dev.tributary.poller.PollResponse;
import dev.tributary.poller.Poller;
import dev.tributary.poller.state.DynamoDbStateStore;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Poller throughput on a Pagila-shaped address table, beside the rate at which PostgreSQL itself streams the same
 * rows out with {@code COPY (SELECT …) TO STDOUT}. Not a test: run it with
 * {@code ./mvnw -B -pl poller-function -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tributary.poller.benchmark.PollerBenchmark -Dexec.args=1000000}.
 */
public final class PollerBenchmark {

    private PollerBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkStack.quietLogging();
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        // Further lines of the kafka section, to compare producer settings, such as "compression: lz4".
        StringBuilder kafkaExtra = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            kafkaExtra.append("  ").append(args[i]).append("\n");
        }
        try (LocalStack stack = LocalStack.builder().build()) {
            PostgresEndpoint pg = stack.postgres();
            String database = BenchmarkStack.database(pg, "bench");
            try (Connection connection = BenchmarkStack.connect(pg, database)) {
                PagilaSample.load(connection, 1);
                long start = System.nanoTime();
                PagilaSample.addAddresses(connection, rows - PagilaSample.ADDRESSES);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("VACUUM ANALYZE address");
                }
                System.out.printf("loaded %,d addresses in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
                copyRate(connection);
            }
            try (DynamoDbClient dynamo = BenchmarkStack.dynamo(stack)) {
                String table = BenchmarkStack.stateTable(dynamo);
                PipelineConfig pipeline = BenchmarkStack.pipeline(
                        stack,
                        database,
                        table,
                        "  fetch-size: " + System.getProperty("fetch", "5000") + "\n",
                        "  topic-partitions: 3\n" + kafkaExtra,
                        """
                        - name: bench
                          tables: address
                          topic-prefix: bench.
                          mode: timestamp
                          timestamp-columns: last_update
                        """);
                try (Poller poller = Poller.start(pipeline, id -> "", new DynamoDbStateStore(dynamo, table))) {
                    // The first pass also pays for class loading and JIT compilation; a warm Lambda container
                    // pays that once, so the second pass, over as many new rows, is the steady rate.
                    measure("poller, first pass (cold JVM)", poller);
                    try (Connection connection = BenchmarkStack.connect(pg, database)) {
                        PagilaSample.addAddresses(connection, rows);
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("VACUUM ANALYZE address");
                        }
                    }
                    measure("poller, second pass (warm JVM)", poller);
                }
            }
        }
    }

    private static void measure(String label, Poller poller) {
        long start = System.nanoTime();
        PollResponse response = BenchmarkStack.pollAll(poller);
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = response.sources().get(0).relations().get(0).bytes();
        System.out.printf(
                "%s: %,d rows in %.2f s = %,.0f rows/s, %.1f MB/s of records (%,d bytes per record, keys"
                        + " and values in JsonConverter format with schemas), %,d batches, acks=all%n",
                label,
                response.rows(),
                seconds,
                response.rows() / seconds,
                bytes / seconds / 1e6,
                bytes / Math.max(1, response.rows()),
                response.sources().get(0).batches());
    }

    private static void copyRate(Connection connection) throws Exception {
        AtomicLong bytes = new AtomicLong();
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.addAndGet(len);
            }
        };
        long start = System.nanoTime();
        long copied = connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyOut("COPY (SELECT * FROM address ORDER BY last_update, address_id) TO STDOUT", sink);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "COPY (SELECT …) TO STDOUT: %,d rows in %.2f s = %,.0f rows/s, %.1f MB/s%n",
                copied, seconds, copied / seconds, bytes.get() / seconds / 1e6);
    }
}
