package dev.tributary.poller.benchmark;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.poller.PollResponse;
import dev.tributary.poller.Poller;
import dev.tributary.poller.state.DynamoDbStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Deletes per second with {@code deletes: {capture: log}}, beside inserts per second on the same table and machine:
 * what the delete log's trigger costs a DELETE statement, and how fast the poller turns the log into delete records
 * and tombstones on Kafka (acks=all). Not a test: run it with
 * {@code ./mvnw -B -q -pl poller-function exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-Xmx1g -cp %classpath dev.tributary.poller.benchmark.DeleteBenchmark 200000"}.
 */
public final class DeleteBenchmark {

    private DeleteBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkStack.quietLogging();
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        try (LocalStack stack = LocalStack.builder().build();
                DynamoDbClient dynamo = BenchmarkStack.dynamo(stack)) {
            PostgresEndpoint pg = stack.postgres();
            String database = BenchmarkStack.database(pg, "deletes");
            try (Connection connection = BenchmarkStack.connect(pg, database);
                    Statement statement = connection.createStatement()) {
                statement.execute(Files.readString(Path.of("../infra/sql/install.sql")));
                for (String table : List.of("logged", "plain")) {
                    statement.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text NOT NULL,"
                            + " district text NOT NULL, phone text NOT NULL)");
                    statement.execute("SELECT tributary.track_changes('" + table + "')");
                }
                statement.execute("SELECT tributary.capture_deletes('logged')");
            }
            String state = BenchmarkStack.stateTable(dynamo);
            PipelineConfig pipeline = BenchmarkStack.pipeline(stack, database, state, "", "", """
                    - name: bench
                      tables: logged
                      topic-prefix: bench.
                      mode: timestamp
                      timestamp-columns: last_update
                      deletes: {capture: log}
                    """);
            try (Poller poller = Poller.start(pipeline, id -> "", new DynamoDbStateStore(dynamo, state));
                    Connection connection = BenchmarkStack.connect(pg, database);
                    Statement statement = connection.createStatement()) {
                // The first round pays for class loading and JIT compilation, as a cold container does; the second
                // is the steady rate.
                for (int round = 1; round <= 2; round++) {
                    long from = (long) (round - 1) * rows + 1;
                    String insert = "INSERT INTO %s (id, name, district, phone) SELECT g, 'Address ' || g, 'District'"
                            + " || (g %% 100), '555-' || g FROM generate_series(" + from + ", " + (from + rows - 1)
                            + ") g";
                    statement.execute(insert.formatted("plain"));
                    double inserted = BenchmarkStack.seconds(() -> statement.execute(insert.formatted("logged")));
                    double plainDelete = BenchmarkStack.seconds(() -> statement.execute("DELETE FROM plain"));
                    PollResponse inserts = poll(poller);
                    double insertsSeconds = lastSeconds;
                    double loggedDelete = BenchmarkStack.seconds(() -> statement.execute("DELETE FROM logged"));
                    PollResponse deletes = poll(poller);
                    double deletesSeconds = lastSeconds;
                    long deleted = deletes.sources().get(0).relations().get(1).rows();
                    System.out.printf("round %d (%s JVM), %,d rows:%n", round, round == 1 ? "cold" : "warm", rows);
                    System.out.printf(
                            "  INSERT in PostgreSQL: %.2f s; DELETE without the trigger %.2f s, with it %.2f s"
                                    + " (%.1f µs more per row)%n",
                            inserted, plainDelete, loggedDelete, (loggedDelete - plainDelete) * 1e6 / rows);
                    System.out.printf(
                            "  poller, inserts: %,d rows in %.2f s = %,.0f rows/s%n",
                            inserts.rows(), insertsSeconds, inserts.rows() / insertsSeconds);
                    System.out.printf(
                            "  poller, deletes: %,d deletes (%,d records: a delete record and a tombstone"
                                    + " each) in %.2f s = %,.0f deletes/s%n",
                            deleted, deleted * 2, deletesSeconds, deleted / deletesSeconds);
                }
            }
        }
    }

    private static double lastSeconds;

    private static PollResponse poll(Poller poller) {
        long start = System.nanoTime();
        PollResponse response = BenchmarkStack.pollAll(poller);
        lastSeconds = (System.nanoTime() - start) / 1e9;
        return response;
    }
}
