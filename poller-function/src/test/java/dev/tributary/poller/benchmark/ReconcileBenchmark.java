package dev.tributary.poller.benchmark;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.poller.PollResponse;
import dev.tributary.poller.Poller;
import dev.tributary.poller.RelationSummary;
import dev.tributary.poller.state.DynamoDbStateStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code deletes: {capture: reconcile}} costs per table size: the first reconciliation (which learns the key
 * set), then one after 1% of the rows were deleted (which produces their deletes): seconds, megabytes PostgreSQL read
 * (buffer pages of the table and its indexes, hit or read), the poller's peak heap, and the state kept in DynamoDB.
 * Not a test: run it with {@code ./mvnw -B -q -pl poller-function exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=java "-Dexec.args=-Xmx1g -cp %classpath dev.tributary.poller.benchmark.ReconcileBenchmark
 * 1000000 10000000"}.
 */
public final class ReconcileBenchmark {

    private ReconcileBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkStack.quietLogging();
        List<Integer> sizes = args.length == 0
                ? List.of(1_000_000)
                : Arrays.stream(args).map(Integer::parseInt).toList();
        try (LocalStack stack = LocalStack.builder().build();
                DynamoDbClient dynamo = BenchmarkStack.dynamo(stack)) {
            PostgresEndpoint pg = stack.postgres();
            String database = BenchmarkStack.database(pg, "reconcile");
            String state = BenchmarkStack.stateTable(dynamo);
            for (int size : sizes) {
                String table = "keys_" + size;
                try (Connection connection = BenchmarkStack.connect(pg, database);
                        Statement statement = connection.createStatement()) {
                    double load = BenchmarkStack.seconds(() -> {
                        statement.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, last_update timestamptz"
                                + " NOT NULL DEFAULT '2026-01-01')");
                        statement.execute(
                                "INSERT INTO " + table + " (id) SELECT g FROM generate_series(1, " + size + ") g");
                        // The index track_changes builds, so that the polls between reconciliations read no table.
                        statement.execute("CREATE INDEX ON " + table + " (last_update, id)");
                        statement.execute("VACUUM ANALYZE " + table);
                    });
                    System.out.printf("%n%,d keys (bigint primary key), loaded in %.1f s%n", size, load);
                }
                PipelineConfig pipeline =
                        BenchmarkStack.pipeline(stack, database, state, "", "", """
                        - name: %s
                          tables: %s
                          topic-prefix: bench.
                          mode: timestamp
                          timestamp-columns: last_update
                          initial-timestamp: now
                          deletes: {capture: reconcile, reconcile-interval: 1s}
                        """.formatted(table, table));
                try (Poller poller = Poller.start(pipeline, id -> "", new DynamoDbStateStore(dynamo, state))) {
                    measure("first reconciliation (learns the keys)", poller, pg, database, table, dynamo, state);
                    try (Connection connection = BenchmarkStack.connect(pg, database);
                            Statement statement = connection.createStatement()) {
                        statement.execute("DELETE FROM " + table + " WHERE id % 100 = 0");
                        statement.execute("VACUUM ANALYZE " + table);
                    }
                    // The interval is a second.
                    LockSupport.parkNanos(1_100_000_000L);
                    measure("after deleting 1% of the rows", poller, pg, database, table, dynamo, state);
                }
            }
        }
    }

    private static void measure(
            String label,
            Poller poller,
            PostgresEndpoint pg,
            String database,
            String table,
            DynamoDbClient dynamo,
            String state)
            throws Exception {
        long pagesBefore = pages(pg, database, table);
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long baseline = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        PollResponse response = BenchmarkStack.pollAll(poller);
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        RelationSummary.Reconciliation reconciled =
                response.sources().get(0).relations().get(0).reconciliation();
        if (reconciled == null) {
            throw new IllegalStateException("No reconciliation ran: " + response);
        }
        double megabytes = (pages(pg, database, table) - pagesBefore) * 8192 / 1e6;
        System.out.printf(
                "  %s: %.2f s, %,d keys in the relation, %,d in the lake before, %,d deletes; PostgreSQL"
                        + " touched %.1f MB of table and index pages (hit or read); poller heap peak %.0f MB (%.0f MB above the"
                        + " idle heap); state in DynamoDB %,d bytes%n",
                label,
                reconciled.seconds(),
                reconciled.relationKeys(),
                reconciled.lakeKeys(),
                reconciled.deletes(),
                megabytes,
                peak / 1e6,
                (peak - baseline) / 1e6,
                stateBytes(dynamo, state));
    }

    /** Buffer pages of the table and its indexes that PostgreSQL has touched so far (hit or read). */
    private static long pages(PostgresEndpoint pg, String database, String table) throws Exception {
        try (Connection connection = BenchmarkStack.connect(pg, database);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_force_next_flush()");
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(heap_blks_read, 0) + coalesce(heap_blks_hit, 0)"
                    + " + coalesce(idx_blks_read, 0) + coalesce(idx_blks_hit, 0) FROM pg_statio_user_tables WHERE"
                    + " relname = '" + table + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The bytes of the reconciliation's state: the head and the base's chunks. */
    private static long stateBytes(DynamoDbClient dynamo, String state) {
        return dynamo.scanPaginator(b -> b.tableName(state)).items().stream()
                .filter(i -> i.get("pk").s().startsWith("state#") && i.containsKey("data"))
                .mapToLong(i -> i.get("data").b().asByteArray().length)
                .sum();
    }
}
