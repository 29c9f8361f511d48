package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.TrinoEndpoint;
import dev.tributary.localstack.trino.TrinoQueries;
import dev.tributary.sink.iceberg.IcebergMaintenance;
import dev.tributary.sink.iceberg.IcebergSchemas;
import dev.tributary.sink.iceberg.IcebergTableSink;
import dev.tributary.sink.iceberg.IcebergTables;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sink's Iceberg tables read by Athena's engine: Trino 476's Iceberg connector through the local Glue endpoint
 * and S3 server, reached by name in catalog awsdatacatalog as Athena reaches them. An upsert table partitioned by
 * country, whose keys were updated within a batch, moved to another country, and deleted by a tombstone, reads as
 * the latest row per key. A thousand commits take minutes on the local servers: the class runs beside the module's
 * other classes (junit-platform.properties).
 */
@Execution(ExecutionMode.CONCURRENT)
class IcebergEngineTest {

    private static final Schema KEY =
            SchemaBuilder.struct().field("address_id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct()
            .field("address_id", Schema.INT32_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .field("country", Schema.STRING_SCHEMA)
            .field("last_update", Timestamp.SCHEMA)
            .build();

    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE = "iceberg_" + ID;
    private static TrinoEndpoint trino;
    private static IcebergTables tables;

    @BeforeAll
    static void start() {
        TrinoQueries.skipUnlessTrinoCanStart();
        LocalStack stack = LocalStack.shared();
        AwsEndpoint s3 = stack.s3();
        String bucket = "iceberg-" + ID;
        try (S3Client client = LocalAws.s3(stack);
                GlueClient glue = LocalAws.glue(stack)) {
            client.createBucket(b -> b.bucket(bucket));
            glue.createDatabase(b -> b.databaseInput(d -> d.name(DATABASE)));
        }
        Map<String, String> properties = stack.icebergProperties();
        properties.put("warehouse", "s3://" + bucket + "/iceberg");
        tables = new IcebergTables(properties);
        trino = stack.trino();
    }

    @AfterAll
    static void stop() throws Exception {
        if (tables != null) {
            tables.close();
        }
    }

    private static LakeRow row(long offset, int addressId, String district, String country) {
        return row(0, offset, addressId, district, country);
    }

    private static LakeRow row(int partition, long offset, int addressId, String district, String country) {
        return address(
                partition,
                offset,
                addressId,
                new Struct(ROW)
                        .put("address_id", addressId)
                        .put("district", district)
                        .put("country", country)
                        .put("last_update", new Date(1_764_064_800_000L + offset)));
    }

    private static LakeRow tombstone(long offset, int addressId) {
        return tombstone(0, offset, addressId);
    }

    private static LakeRow tombstone(int partition, long offset, int addressId) {
        return address(partition, offset, addressId, null);
    }

    /** The addresses topic's record of the address, at the offset's time; a tombstone when {@code value} is null. */
    private static LakeRow address(int partition, long offset, int addressId, Struct value) {
        Struct key = new Struct(KEY).put("address_id", addressId);
        long timestamp = 1_764_064_800_000L + offset;
        return new LakeRow(
                KEY, key, value == null ? null : ROW, value, "addresses", partition, offset, timestamp, null);
    }

    private static void write(String name, List<LakeRow> rows) {
        RowLayout layout = RowLayout.of(ROW, KEY, Set.of(), true, rows.stream().anyMatch(r -> r.value() == null));
        IcebergTableSink.write(table(name, layout), "addresses", rows, layout);
    }

    private static Table table(String name, RowLayout layout) {
        return tables.table(
                TableIdentifier.of(DATABASE, name),
                IcebergSchemas.of(layout.avro(), List.of("address_id")),
                List.of(Expressions.ref("country")),
                "zstd",
                Map.of());
    }

    @Test
    void shouldReadTheLatestRowPerKeyOfAnUpsertTableByName() throws Exception {
        write(
                "addresses",
                List.of(
                        row(0, 1, "a", "Chad"),
                        row(1, 2, "b", "Chad"),
                        row(2, 2, "b2", "Chad"),
                        row(3, 3, "c", "Peru"),
                        row(4, 4, "d", "Peru")));
        write("addresses", List.of(row(5, 1, "a2", "Peru"), tombstone(6, 3), row(7, 4, "d2", "Peru")));

        List<List<String>> rows = TrinoQueries.query(
                trino,
                DATABASE,
                "SELECT address_id, district, country,"
                        + " CAST(last_update AS varchar) FROM addresses ORDER BY address_id");
        List<List<String>> chad =
                TrinoQueries.query(trino, DATABASE, "SELECT address_id FROM addresses WHERE" + " country = 'Chad'");
        List<List<String>> types = TrinoQueries.query(
                trino,
                DATABASE,
                "SELECT data_type FROM"
                        + " information_schema.columns WHERE table_schema = '" + DATABASE
                        + "' AND table_name = 'addresses'"
                        + " AND column_name IN ('address_id', 'last_update') ORDER BY column_name");

        List<List<String>> expected = new ArrayList<>();
        expected.add(List.of("1", "a2", "Peru", "2025-11-25 10:00:00.005000 UTC"));
        expected.add(List.of("2", "b2", "Chad", "2025-11-25 10:00:00.002000 UTC"));
        expected.add(List.of("4", "d2", "Peru", "2025-11-25 10:00:00.007000 UTC"));
        assertThat(rows).isEqualTo(expected);
        assertThat(chad).containsExactly(List.of("2"));
        assertThat(types).containsExactly(List.of("integer"), List.of("timestamp(6) with time zone"));
    }

    /**
     * A thousand small commits from two invocations at once (a Kafka partition each, keys updated, moved between
     * partitions of the table and deleted), with maintenance running beside them as the schedule runs it, then once
     * more after the retention: Trino reads the same rows as the commits made, from one data file per table partition,
     * no delete file, one snapshot, and no file in the table's location that the table does not reference (an
     * abandoned invocation's file among them).
     */
    @Test
    void shouldReadTheSameRowsFromAHandfulOfFilesAfterAThousandCommitsAndMaintenance() throws Exception {
        String name = "maintained";
        RowLayout layout = RowLayout.of(ROW, KEY, Set.of(), true, true);
        Table table = table(name, layout);
        Map<Integer, String> expected = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger maintained = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(COMMITTERS + 1);
        List<Future<?>> committers = new ArrayList<>();
        for (int p = 0; p < COMMITTERS; p++) {
            int partition = p;
            committers.add(pool.submit(() -> {
                Table own = tables.catalog().loadTable(TableIdentifier.of(DATABASE, name));
                for (int commit = 0; commit < 1_000 / COMMITTERS; commit++) {
                    // Keys of this Kafka partition only (as the record key's hash places them): two versions a commit.
                    int key = partition + COMMITTERS * (commit % 50);
                    List<LakeRow> rows = new ArrayList<>();
                    String country = COUNTRIES.get(commit % COUNTRIES.size());
                    rows.add(row(partition, 2L * commit, key, "c" + commit, country));
                    expected.put(key, "c" + commit + "|" + country);
                    if (commit % 7 == 3) {
                        int gone = partition + COMMITTERS * ((commit + 25) % 50);
                        rows.add(tombstone(partition, 2L * commit + 1, gone));
                        expected.remove(gone);
                    }
                    if (IcebergTableSink.write(own, "addresses", rows, layout).snapshotId() != -1) {
                        commits.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        // Maintenance one run after another beside the commits: the most it can get in the way.
        Future<?> maintenance = pool.submit(() -> {
            Table own = tables.catalog().loadTable(TableIdentifier.of(DATABASE, name));
            while (writing.get()) {
                IcebergMaintenance.maintain(own, Duration.ofMinutes(1), Duration.ofHours(1), Clock.systemUTC());
                maintained.incrementAndGet();
            }
            return null;
        });
        try {
            for (Future<?> committer : committers) {
                committer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            writing.set(false);
            maintenance.get(5, TimeUnit.MINUTES);
            pool.shutdown();
        }
        table.refresh();
        assertThat(commits.get()).as("commits").isEqualTo(1_000);
        // An invocation that wrote a file and died before its commit.
        String orphan = table.locationProvider().newDataLocation("abandoned-00000.parquet");
        try (PositionOutputStream out = table.io().newOutputFile(orphan).create()) {
            out.write(new byte[] {1});
        }

        IcebergMaintenance.maintain(
                table, Duration.ofMinutes(1), Duration.ofHours(1), Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));

        Map<Integer, String> read = new TreeMap<>();
        for (List<String> row :
                TrinoQueries.query(trino, DATABASE, "SELECT address_id, district, country FROM " + name)) {
            assertThat(read.put(Integer.valueOf(row.get(0)), row.get(1) + "|" + row.get(2)))
                    .as("key %s once", row.get(0))
                    .isNull();
        }
        assertThat(read).isEqualTo(new TreeMap<>(expected));
        String files = "iceberg.\"" + DATABASE + "\".\"" + name + "$files\"";
        assertThat(TrinoQueries.query(
                        trino,
                        DATABASE,
                        "SELECT max(n), count(*) FROM (SELECT count(*) AS n FROM " + files
                                + " WHERE content = 0 GROUP BY partition)"))
                .as("data files per partition, partitions")
                .containsExactly(List.of("1", String.valueOf(COUNTRIES.size())));
        assertThat(TrinoQueries.query(trino, DATABASE, "SELECT count(*) FROM " + files + " WHERE content <> 0"))
                .as("delete files")
                .containsExactly(List.of("0"));
        assertThat(TrinoQueries.query(
                        trino,
                        DATABASE,
                        "SELECT count(*) FROM iceberg.\"" + DATABASE + "\".\"" + name + "$snapshots\""))
                .as("snapshots")
                .containsExactly(List.of("1"));
        Set<String> referenced = new HashSet<>();
        TrinoQueries.query(trino, DATABASE, "SELECT file_path FROM " + files).forEach(r -> referenced.add(r.get(0)));
        Set<String> stored = new HashSet<>();
        ((SupportsPrefixOperations) table.io())
                .listPrefix(table.location() + "/data/")
                .forEach(f -> stored.add(f.location()));
        assertThat(stored)
                .as("data files stored: only those the table references")
                .isEqualTo(referenced)
                .doesNotContain(orphan);
        assertThat(maintained.get()).as("maintenance runs beside the commits").isPositive();
    }

    /** Kafka partitions committing at once: two, beside maintenance, is the fastest way to a thousand commits here. */
    private static final int COMMITTERS = 2;

    private static final List<String> COUNTRIES = List.of("Chad", "Peru", "Fiji");
}
