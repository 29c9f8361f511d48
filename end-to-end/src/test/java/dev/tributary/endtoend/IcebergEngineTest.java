package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.TrinoEndpoint;
import dev.tributary.sink.iceberg.IcebergSchemas;
import dev.tributary.sink.iceberg.IcebergTableSink;
import dev.tributary.sink.iceberg.IcebergTables;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sink's Iceberg tables read by Athena's engine: Trino 476's Iceberg connector through the local Glue endpoint
 * and S3 server, reached by name in catalog awsdatacatalog as Athena reaches them. An upsert table partitioned by
 * country, whose keys were updated within a batch, moved to another country, and deleted by a tombstone, reads as
 * the latest row per key.
 */
class IcebergEngineTest {

    private static final Schema KEY = SchemaBuilder.struct().field("address_id", Schema.INT32_SCHEMA).build();
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
        try (S3Client client = LocalAws.s3(stack); GlueClient glue = LocalAws.glue(stack)) {
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
        Struct value = new Struct(ROW).put("address_id", addressId).put("district", district)
                .put("country", country).put("last_update", new java.util.Date(1_764_064_800_000L + offset));
        return new LakeRow(KEY, new Struct(KEY).put("address_id", addressId), ROW, value, "addresses", 0, offset,
                1_764_064_800_000L + offset, null);
    }

    private static LakeRow tombstone(long offset, int addressId) {
        return new LakeRow(KEY, new Struct(KEY).put("address_id", addressId), null, null, "addresses", 0, offset,
                1_764_064_800_000L + offset, null);
    }

    private static void write(String name, List<LakeRow> rows) {
        RowLayout layout = RowLayout.of(ROW, KEY, Set.of(), true, rows.stream().anyMatch(r -> r.value() == null));
        Table table = tables.table(TableIdentifier.of(DATABASE, name), IcebergSchemas.of(layout.avro(),
                List.of("address_id")), List.of(Expressions.ref("country")), "zstd",
                Map.of());
        IcebergTableSink.write(table, "addresses", rows, layout);
    }

    @Test
    void shouldReadTheLatestRowPerKeyOfAnUpsertTableByName() throws Exception {
        write("addresses", List.of(row(0, 1, "a", "Chad"), row(1, 2, "b", "Chad"), row(2, 2, "b2", "Chad"),
                row(3, 3, "c", "Peru"), row(4, 4, "d", "Peru")));
        write("addresses", List.of(row(5, 1, "a2", "Peru"), tombstone(6, 3), row(7, 4, "d2", "Peru")));

        List<List<String>> rows = TrinoQueries.query(trino, DATABASE, "SELECT address_id, district, country,"
                + " CAST(last_update AS varchar) FROM addresses ORDER BY address_id");
        List<List<String>> chad = TrinoQueries.query(trino, DATABASE, "SELECT address_id FROM addresses WHERE"
                + " country = 'Chad'");
        List<List<String>> types = TrinoQueries.query(trino, DATABASE, "SELECT data_type FROM"
                + " information_schema.columns WHERE table_schema = '" + DATABASE + "' AND table_name = 'addresses'"
                + " AND column_name IN ('address_id', 'last_update') ORDER BY column_name");

        List<List<String>> expected = new ArrayList<>();
        expected.add(List.of("1", "a2", "Peru", "2025-11-25 10:00:00.005000 UTC"));
        expected.add(List.of("2", "b2", "Chad", "2025-11-25 10:00:00.002000 UTC"));
        expected.add(List.of("4", "d2", "Peru", "2025-11-25 10:00:00.007000 UTC"));
        assertThat(rows).isEqualTo(expected);
        assertThat(chad).containsExactly(List.of("2"));
        assertThat(types).containsExactly(List.of("integer"), List.of("timestamp(6) with time zone"));
    }
}
