package dev.tributary.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.record.ConnectJsonWriter;
import dev.tributary.core.record.TopicPartition;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.sink.SinkResponse;
import dev.tributary.sink.SinkService;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.AwsClientFactories;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.TableOptimizerConfiguration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Iceberg tables kept by the sink's Iceberg path on the local stack (its Glue endpoint and S3 server), read back with
 * Iceberg's generic reader: upserts and deletes applied, exactly once under redelivery, and concurrent committers of
 * one table. Each test has a table of its own.
 */
class IcebergTableSinkTest {

    private static final Schema KEY =
            SchemaBuilder.struct().field("address_id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct()
            .field("address_id", Schema.INT32_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .field("country", Schema.STRING_SCHEMA)
            .field("last_update", Timestamp.SCHEMA)
            .build();
    private static final Schema ROW_V2 = SchemaBuilder.struct()
            .field("address_id", Schema.INT32_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .field("country", Schema.STRING_SCHEMA)
            .field("last_update", Timestamp.SCHEMA)
            .field("phone", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private Map<String, String> properties;
    private final String bucket = "iceberg-" + id;
    private final String database = "iceberg_" + id;
    private IcebergTables tables;

    @BeforeEach
    void start() {
        LocalStack stack = LocalStack.shared();
        AwsEndpoint s3 = stack.s3();
        AwsEndpoint glue = stack.glue();
        try (S3Client client = S3Client.builder()
                .endpointOverride(s3.uri())
                .region(Region.of(s3.region()))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
                .build()) {
            client.createBucket(b -> b.bucket(bucket));
        }
        properties = stack.icebergProperties();
        properties.put("warehouse", "s3://" + bucket + "/iceberg");
        tables = new IcebergTables(properties);
        tables.catalog().createNamespace(Namespace.of(database));
    }

    @AfterEach
    void close() throws Exception {
        tables.close();
    }

    private static LakeRow row(
            Schema schema, int partition, long offset, int addressId, String district, String country) {
        Struct value = new Struct(schema)
                .put("address_id", addressId)
                .put("district", district)
                .put("country", country)
                .put("last_update", new Date(1_764_064_800_000L + offset));
        if (schema == ROW_V2) {
            value.put("phone", "555-" + addressId);
        }
        return keyed(partition, offset, addressId, schema, value, null);
    }

    /** A row that changed at the source at {@code changed} (epoch microseconds), as the poller stamps it. */
    private static LakeRow changedAt(long changed, int partition, long offset, int addressId, String district) {
        return keyed(
                partition,
                offset,
                addressId,
                ROW,
                row(ROW, partition, offset, addressId, district, "Chad").value(),
                changed);
    }

    private static LakeRow tombstone(int partition, long offset, int addressId) {
        return keyed(partition, offset, addressId, null, null, null);
    }

    /** A row of the addresses topic keyed by its address id, with Kafka's timestamp following its offset. */
    private static LakeRow keyed(int partition, long offset, int addressId, Schema schema, Object value, Long changed) {
        return new LakeRow(
                KEY,
                new Struct(KEY).put("address_id", addressId),
                schema,
                value,
                "addresses",
                partition,
                offset,
                1_764_064_800_000L + offset,
                changed);
    }

    /** The batch written to the table, as the sink's Iceberg path writes it. */
    private IcebergTableSink.Outcome write(TableIdentifier name, List<String> keys, List<LakeRow> rows) {
        Schema value = rows.stream()
                .map(LakeRow::valueSchema)
                .filter(s -> s != null)
                .reduce((a, b) -> b.fields().size() >= a.fields().size() ? b : a)
                .orElse(ROW);
        RowLayout layout =
                RowLayout.of(value, KEY, Set.of(), true, rows.stream().anyMatch(r -> r.value() == null));
        Table table = tables.table(
                name, IcebergSchemas.of(layout.avro(), keys), List.of(Expressions.ref("country")), "zstd", Map.of());
        return IcebergTableSink.write(table, "addresses", rows, layout);
    }

    private Map<Integer, String> read(TableIdentifier name) throws Exception {
        Table table = tables.catalog().loadTable(name);
        Map<Integer, String> rows = new TreeMap<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                String previous = rows.put(
                        (Integer) record.getField("address_id"),
                        record.getField("district") + "|"
                                + record.getField("country")
                                + (record.getField("phone") == null ? "" : "|" + record.getField("phone")));
                assertThat(previous).as("one row per key").isNull();
            }
        }
        return rows;
    }

    @Test
    void shouldKeepTheLatestRowPerKeyAndRemoveDeletedKeysWhereverTheirPartitionWas() throws Exception {
        TableIdentifier name = TableIdentifier.of(database, "upserts");

        write(
                name,
                List.of("address_id"),
                List.of(
                        row(ROW, 0, 0, 1, "a", "Chad"),
                        row(ROW, 0, 1, 2, "b", "Chad"),
                        row(ROW, 0, 2, 2, "b2", "Chad"),
                        row(ROW, 0, 3, 3, "c", "Peru")));
        IcebergTableSink.Outcome second =
                write(name, List.of("address_id"), List.of(row(ROW, 0, 4, 1, "a2", "Peru"), tombstone(0, 5, 3)));

        assertThat(read(name)).containsExactly(Map.entry(1, "a2|Peru"), Map.entry(2, "b2|Chad"));
        assertThat(second.keys()).isEqualTo(2);
        Table table = tables.catalog().loadTable(name);
        assertThat(table.spec().fields()).extracting(f -> f.name()).containsExactly("country");
        assertThat(((HasTableOperations) table).operations().current().formatVersion())
                .isEqualTo(2);
        assertThat(table.specs().values())
                .as("an unpartitioned spec for global equality deletes")
                .anyMatch(PartitionSpec::isUnpartitioned);
    }

    @Test
    void shouldAddNothingTwiceWhenABatchIsDeliveredAgainWholeOrWithOtherBoundaries() throws Exception {
        TableIdentifier upserts = TableIdentifier.of(database, "redelivered");
        TableIdentifier appends = TableIdentifier.of(database, "history");
        List<LakeRow> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            batch.add(row(ROW, 0, i, i % 5, "v" + i, i % 2 == 0 ? "Chad" : "Peru"));
        }

        write(upserts, List.of("address_id"), batch.subList(0, 6));
        IcebergTableSink.Outcome again = write(upserts, List.of("address_id"), batch.subList(0, 6));
        IcebergTableSink.Outcome overlapping = write(upserts, List.of("address_id"), batch.subList(3, 8));
        write(appends, List.of(), batch.subList(0, 6));
        write(appends, List.of(), batch.subList(0, 6));
        write(appends, List.of(), batch.subList(3, 8));

        assertThat(again.snapshotId()).as("nothing committed").isEqualTo(-1);
        assertThat(again.skipped()).isEqualTo(6);
        assertThat(overlapping.skipped()).isEqualTo(3);
        assertThat(read(upserts))
                .containsExactly(
                        Map.entry(0, "v5|Peru"),
                        Map.entry(1, "v6|Chad"),
                        Map.entry(2, "v7|Peru"),
                        Map.entry(3, "v3|Peru"),
                        Map.entry(4, "v4|Chad"));
        long history = 0;
        try (CloseableIterable<Record> records =
                IcebergGenerics.read(tables.catalog().loadTable(appends)).build()) {
            for (Record ignored : records) {
                history++;
            }
        }
        assertThat(history).as("every version once").isEqualTo(8);
    }

    @Test
    void shouldKeepTheRowThatChangedLastAtTheSourceWhenAnOlderVersionArrivesLater() throws Exception {
        TableIdentifier name = TableIdentifier.of(database, "backfilled");
        write(
                name,
                List.of("address_id"),
                List.of(changedAt(2_000, 0, 0, 1, "live"), changedAt(2_000, 0, 1, 2, "live")));
        // A backfill's versions, read before the live changes, delivered after them; and a key the table lacks.
        IcebergTableSink.Outcome late = write(
                name,
                List.of("address_id"),
                List.of(
                        changedAt(1_000, 0, 2, 1, "backfill"),
                        changedAt(3_000, 0, 3, 2, "newer"),
                        changedAt(1_000, 0, 4, 3, "backfill")));

        assertThat(read(name))
                .containsExactly(Map.entry(1, "live|Chad"), Map.entry(2, "newer|Chad"), Map.entry(3, "backfill|Chad"));
        assertThat(late.skipped()).as("the older version of key 1").isEqualTo(1);
        assertThat(late.rows()).isEqualTo(2);
    }

    @Test
    void shouldLandEveryRowOfFourInvocationsCommittingAtOnce() throws Exception {
        TableIdentifier name = TableIdentifier.of(database, "concurrent");
        write(name, List.of("address_id"), List.of(row(ROW, 0, 0, 0, "first", "Chad")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int partition = 0; partition < 4; partition++) {
            int p = partition;
            done.add(pool.submit(() -> {
                try {
                    for (int batch = 0; batch < 3; batch++) {
                        List<LakeRow> rows = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            long offset = 10L + batch * 5 + i;
                            rows.add(row(ROW, p, offset, 100 * (p + 1) + i, "p" + p + "b" + batch, "Chad"));
                        }
                        write(name, List.of("address_id"), rows);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        assertThat(failures).isEmpty();
        Map<Integer, String> rows = read(name);
        assertThat(rows).hasSize(1 + 4 * 5);
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < 5; i++) {
                assertThat(rows.get(100 * (p + 1) + i)).isEqualTo("p" + p + "b2|Chad");
            }
            assertThat(CommittedOffsets.of(tables.catalog().loadTable(name), "addresses", p))
                    .isEqualTo(24);
        }
    }

    @Test
    void shouldKeepAnUpsertTablePerTopicThroughTheSinkAndRefuseARowWithoutItsKeyAlone() throws Exception {
        PipelineConfig pipeline = PipelineParser.parse("""
                sinks:
                  - name: current
                    topics: pagila.query
                    bucket: %s
                    format: iceberg
                    partitioner: field
                    partition-fields: country
                    iceberg:
                      mode: upsert
                      glue-optimizers: [compaction, retention, orphan_file_deletion]
                      optimizer-role: arn:aws:iam::123456789012:role/optimizer
                catalog:
                  database: %s
                """.formatted(bucket, database), "iceberg.yaml", Map.of());
        Schema optionalKey = SchemaBuilder.struct()
                .field("address_id", Schema.OPTIONAL_INT32_SCHEMA)
                .build();
        ConnectJsonWriter json = new ConnectJsonWriter();
        List<InputRecord> batch = new ArrayList<>();
        for (LakeRow row : List.of(
                row(ROW, 0, 0, 1, "a", "Chad"),
                row(ROW, 0, 1, 2, "b", "Chad"),
                row(ROW, 0, 2, 1, "a2", "Peru"),
                tombstone(0, 3, 2))) {
            batch.add(new InputRecord(
                    new TopicPartition("pagila.query", 0),
                    row.offset(),
                    row.timestamp(),
                    json.write(KEY, row.key()),
                    row.value() == null ? null : json.write(ROW, row.value()),
                    List.of()));
        }
        batch.add(new InputRecord(
                new TopicPartition("pagila.query", 0),
                4,
                1L,
                json.write(optionalKey, new Struct(optionalKey)),
                null,
                List.of()));

        SinkResponse first;
        SinkResponse again;
        SinkResponse maintained;
        try (SinkService sink = new SinkService(pipeline, (location, content, type, metadata) -> {}, properties)) {
            first = sink.process(batch);
            again = sink.process(batch);
            maintained = sink.maintain(List.of());
        }

        assertThat(read(TableIdentifier.of(database, "pagila_query"))).containsExactly(Map.entry(1, "a2|Peru"));
        assertThat(first.deadLettered()).as("the tombstone without a key").isEqualTo(1);
        assertThat(again.written()).as("nothing twice").isZero();
        assertThat(maintained.maintained())
                .singleElement()
                .asString()
                .startsWith(database + ".pagila_query:" + " data files ");
        assertThat(read(TableIdentifier.of(database, "pagila_query")))
                .as("after maintenance")
                .containsExactly(Map.entry(1, "a2|Peru"));
        // Glue's optimizers, turned on as the table was created, over the real Glue protocol.
        String location = tables.catalog()
                .loadTable(TableIdentifier.of(database, "pagila_query"))
                .location();
        try (GlueClient glue = AwsClientFactories.from(properties).glue()) {
            Map<String, TableOptimizerConfiguration> optimizers = new HashMap<>();
            for (String type : List.of("compaction", "retention", "orphan_file_deletion")) {
                optimizers.put(
                        type,
                        glue.getTableOptimizer(b -> b.catalogId("000000000000")
                                        .databaseName(database)
                                        .tableName("pagila_query")
                                        .type(type))
                                .tableOptimizer()
                                .configuration());
            }
            assertThat(optimizers.values())
                    .allSatisfy(c -> assertThat(c.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/optimizer"));
            assertThat(optimizers
                            .get("retention")
                            .retentionConfiguration()
                            .icebergConfiguration()
                            .snapshotRetentionPeriodInDays())
                    .as("a day beyond snapshot-retention")
                    .isEqualTo(2);
            assertThat(optimizers
                            .get("orphan_file_deletion")
                            .orphanFileDeletionConfiguration()
                            .icebergConfiguration()
                            .location())
                    .isEqualTo(location);
            assertThat(optimizers
                            .get("compaction")
                            .compactionConfiguration()
                            .icebergConfiguration()
                            .strategyAsString())
                    .isEqualTo("binpack");
        }
    }

    @Test
    void shouldKeepTheLatestVersionOfAKeyThatMovedToAPartitionPathSeenEarlierInTheBatch() throws Exception {
        PipelineConfig pipeline = PipelineParser.parse("""
                sinks:
                  - name: current
                    topics: addresses
                    bucket: %s
                    format: iceberg
                    partitioner: field
                    partition-fields: country
                    iceberg: {mode: upsert, key-fields: address_id}
                catalog:
                  database: %s
                """.formatted(bucket, database), "iceberg.yaml", Map.of());
        ConnectJsonWriter json = new ConnectJsonWriter();
        List<InputRecord> batch = new ArrayList<>();
        // The partitioner groups the rows by country: Chad's (offsets 0 and 2) before Peru's (offset 1).
        for (LakeRow row : List.of(
                row(ROW, 0, 0, 1, "a", "Chad"), row(ROW, 0, 1, 2, "b", "Peru"), row(ROW, 0, 2, 2, "b2", "Chad"))) {
            batch.add(new InputRecord(
                    new TopicPartition("addresses", 0),
                    row.offset(),
                    row.timestamp(),
                    json.write(KEY, row.key()),
                    json.write(ROW, row.value()),
                    List.of()));
        }

        try (SinkService sink = new SinkService(pipeline, (location, content, type, metadata) -> {}, properties)) {
            sink.process(batch);
        }

        assertThat(read(TableIdentifier.of(database, "addresses")))
                .containsExactly(Map.entry(1, "a|Chad"), Map.entry(2, "b2|Chad"));
    }

    @Test
    void shouldCompactExpireAndCleanUpAfterManySmallCommitsKeepingTheRowsAndTheOffsets() throws Exception {
        TableIdentifier name = TableIdentifier.of(database, "maintained");
        int commits = 60;
        for (int i = 0; i < commits; i++) {
            write(name, List.of("address_id"), List.of(row(ROW, 0, i, i % 40, "v" + i, i % 3 == 0 ? "Chad" : "Peru")));
        }
        Table table = tables.catalog().loadTable(name);
        Map<Integer, String> before = read(name);
        // A failed invocation's files: written, never committed.
        IcebergFiles.Written orphan = IcebergFiles.write(
                table,
                List.of(IcebergRows.of(
                        RowLayout.of(ROW, KEY, Set.of(), true, false).toAvro(row(ROW, 0, 999, 7, "orphan", "Chad")),
                        table.schema().asStruct())),
                List.of());
        String orphanFile = orphan.data().get(0).location();

        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(4));
        IcebergMaintenance.Report report =
                IcebergMaintenance.maintain(table, Duration.ofDays(1), Duration.ofDays(3), later);
        table.refresh();

        assertThat(read(name)).isEqualTo(before);
        assertThat(report.dataFilesBefore()).isGreaterThan(2);
        assertThat(report.dataFilesAfter()).as("one file per partition").isEqualTo(2);
        assertThat(report.deleteFilesRemoved()).isPositive();
        assertThat(table.currentSnapshot().summary()).containsEntry("total-delete-files", "0");
        int snapshots = 0;
        for (Snapshot ignored : table.snapshots()) {
            snapshots++;
        }
        assertThat(snapshots).as("expired").isEqualTo(1);
        assertThat(report.orphansDeleted()).isPositive();
        assertThat(table.io().newInputFile(orphanFile).exists()).isFalse();
        assertThat(CommittedOffsets.of(table, "addresses", 0)).isEqualTo(commits - 1);
        IcebergTableSink.Outcome again = write(
                name, List.of("address_id"), List.of(row(ROW, 0, commits - 1, (commits - 1) % 40, "again", "Chad")));
        assertThat(again.snapshotId())
                .as("a redelivered record after maintenance is still skipped")
                .isEqualTo(-1);
    }

    @Test
    void shouldAddAColumnThatAppearsMidStream() throws Exception {
        TableIdentifier name = TableIdentifier.of(database, "evolving");

        write(name, List.of("address_id"), List.of(row(ROW, 0, 0, 1, "a", "Chad")));
        write(name, List.of("address_id"), List.of(row(ROW_V2, 0, 1, 2, "b", "Chad")));

        assertThat(read(name)).containsExactly(Map.entry(1, "a|Chad"), Map.entry(2, "b|Chad|555-2"));
        assertThat(tables.catalog().loadTable(name).schema().findField("phone")).isNotNull();
    }
}
