package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.glue.TableShapes;
import dev.tributary.core.lake.DeclaredTypes;
import dev.tributary.core.storage.S3Location;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * JSON tables get the types their sink wrote, declared in each object's user metadata, so that a source column has
 * one type whether its topic is written as JSON or Parquet; tables registered by an older catalog, from types
 * inferred from text, take them when the first declaring object arrives, and keep them when older objects replay.
 * Each test has a lake and a Glue database of its own.
 */
class JsonColumnTypesTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("small", Schema.INT16_SCHEMA)
            .field("big", Schema.INT64_SCHEMA)
            .field("ratio", Schema.FLOAT32_SCHEMA)
            .field("score", Schema.FLOAT64_SCHEMA)
            .field("active", Schema.BOOLEAN_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("raw", Schema.BYTES_SCHEMA)
            .field(
                    "amount",
                    Decimal.builder(2)
                            .parameter("connect.decimal.precision", "10")
                            .build())
            .field("born", Date.SCHEMA)
            .field("opens", Time.SCHEMA)
            .field("last_update", Timestamp.SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
            .field(
                    "counts",
                    SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
            .field(
                    "geo",
                    SchemaBuilder.struct()
                            .field("lat", Schema.FLOAT64_SCHEMA)
                            .field("seen", Timestamp.SCHEMA)
                            .build())
            .build();

    private LocalCatalog local;

    @BeforeEach
    void start() {
        local = new LocalCatalog("jsontypes", """
                  - name: json
                    topics: shop.json
                    bucket: ${bucket}
                    format: json
                  - name: parquet
                    topics: shop.parquet
                    bucket: ${bucket}
                """);
    }

    @AfterEach
    void close() {
        local.close();
    }

    private static Struct row(int id) {
        java.util.Date instant = new java.util.Date(1_764_064_800_123L + id);
        return new Struct(ROW)
                .put("id", id)
                .put("small", (short) 7)
                .put("big", 1L << 40)
                .put("ratio", 0.5f)
                .put("score", 2.25)
                .put("active", true)
                .put("name", "row " + id)
                .put("raw", new byte[] {1, 2, 3})
                .put("amount", new BigDecimal("12.30"))
                .put("born", new java.util.Date(86_400_000L * 20_000))
                .put("opens", new java.util.Date(3_600_000L))
                .put("last_update", instant)
                .put("tags", List.of(1, 2))
                .put("counts", Map.of("a", 1L))
                .put(
                        "geo",
                        new Struct(ROW.field("geo").schema()).put("lat", 1.5).put("seen", instant));
    }

    private S3Location write(String topic, long offset) {
        return local.write(List.of(local.record(topic, 0, offset, null, null, ROW, row((int) offset))))
                .get(0);
    }

    /** Writes an object again with the same lines and only this user metadata, and returns its lines. */
    private byte[] rewriteWithMetadata(S3Location object, Map<String, String> metadata) {
        byte[] lines = local.s3
                .getObjectAsBytes(b -> b.bucket(object.bucket()).key(object.key()))
                .asByteArray();
        local.s3.putObject(
                b -> b.bucket(object.bucket()).key(object.key()).metadata(metadata), RequestBody.fromBytes(lines));
        return lines;
    }

    private Table table(String name) {
        return local.glue
                .getTable(b -> b.databaseName(local.database).name(name))
                .table();
    }

    private static Map<String, String> types(List<Column> columns) {
        Map<String, String> types = new LinkedHashMap<>();
        columns.forEach(c -> types.put(c.name(), c.type()));
        return types;
    }

    @Test
    void shouldRegisterAJsonTableWithTheTypesOfTheSameRecordsInParquet() {
        CatalogService catalog = local.catalog();
        catalog.handle(LocalCatalog.created(write("shop.json", 0)));
        catalog.handle(LocalCatalog.created(write("shop.parquet", 0)));

        Map<String, String> json = types(table("shop_json").storageDescriptor().columns());
        Map<String, String> parquet =
                types(table("shop_parquet").storageDescriptor().columns());

        assertThat(json)
                .containsEntry("id", "int")
                .containsEntry("small", "int")
                .containsEntry("ratio", "float")
                .containsEntry("raw", "binary")
                .containsEntry("amount", "decimal(10,2)")
                .containsEntry("born", "date")
                .containsEntry("last_update", "timestamp")
                .containsEntry("tags", "array<int>")
                .containsEntry("counts", "map<string,bigint>")
                .containsEntry("__timestamp", "timestamp");
        // Hive has no time type: Parquet's TIME(MICROS) reads as bigint microseconds, JSON's text as a string.
        assertThat(json).containsEntry("opens", "string").containsEntry("geo", "struct<lat:double,seen:timestamp>");
        assertThat(parquet).containsEntry("opens", "bigint");
        json.remove("opens");
        parquet.remove("opens");
        assertThat(json).isEqualTo(parquet);
        assertThat(table("shop_json").parameters()).containsEntry(TableShapes.COLUMN_TYPES, "declared");
        assertThat(table("shop_json").partitionKeys())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("partition int");
    }

    @Test
    void shouldRetypeATableRegisteredFromTextOnceAndKeepItsTypesWhenOlderObjectsReplay() {
        CatalogService catalog = local.catalog();
        // An object as a sink older than declared types wrote it: the same lines, no declaration.
        S3Location old = write("shop.json", 0);
        rewriteWithMetadata(old, Map.of());
        catalog.handle(LocalCatalog.created(old));
        // The table as an older catalog registered it: its partition key a string too.
        Table registered = table("shop_json");
        local.glue.updateTable(b -> b.databaseName(local.database)
                .tableInput(t -> t.name(registered.name())
                        .tableType(registered.tableType())
                        .parameters(registered.parameters())
                        .storageDescriptor(registered.storageDescriptor())
                        .partitionKeys(Column.builder()
                                .name("partition")
                                .type("string")
                                .build())));
        Map<String, String> inferred =
                types(table("shop_json").storageDescriptor().columns());

        CatalogResponse retyped = local.catalog().handle(LocalCatalog.created(write("shop.json", 1)));
        Table declared = table("shop_json");
        CatalogResponse replayed = local.catalog().handle(LocalCatalog.created(old));

        assertThat(inferred)
                .as("the negative control: types inferred from text")
                .containsEntry("id", "bigint")
                .containsEntry("last_update", "string")
                .containsEntry("amount", "double")
                .containsEntry("born", "string");
        assertThat(registered.parameters()).doesNotContainKey(TableShapes.COLUMN_TYPES);
        assertThat(types(declared.storageDescriptor().columns()))
                .containsEntry("id", "int")
                .containsEntry("last_update", "timestamp")
                .containsEntry("amount", "decimal(10,2)")
                .containsEntry("born", "date")
                .containsEntry("geo", "struct<lat:double,seen:timestamp>");
        assertThat(declared.partitionKeys())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("partition int");
        assertThat(declared.parameters()).containsEntry(TableShapes.COLUMN_TYPES, "declared");
        assertThat(retyped.columnsAdded()).contains("shop_json.last_update string -> timestamp (declared)");
        List<Partition> partitions = local.glue
                .getPartitions(b -> b.databaseName(local.database).tableName("shop_json"))
                .partitions();
        assertThat(partitions)
                .singleElement()
                .satisfies(p -> assertThat(types(p.storageDescriptor().columns()))
                        .containsEntry("last_update", "timestamp")
                        .containsEntry("id", "int"));
        assertThat(table("shop_json").versionId())
                .as("nothing changed by the replay")
                .isEqualTo(declared.versionId());
        assertThat(replayed.problems()).isEmpty();
        assertThat(types(table("shop_json").storageDescriptor().columns()))
                .isEqualTo(types(declared.storageDescriptor().columns()));
    }

    @Test
    void shouldInferTypesAndSaySoWhenADeclarationDidNotFitInTheUserMetadata() {
        S3Location object = write("shop.json", 0);
        rewriteWithMetadata(object, Map.of(DeclaredTypes.METADATA_KEY, DeclaredTypes.OMITTED));

        CatalogResponse response = local.catalog().handle(LocalCatalog.created(object));

        assertThat(response.problems())
                .singleElement()
                .asString()
                .contains("did not fit in S3's 2 KB of user" + " metadata")
                .contains("write a topic this wide as Parquet");
        assertThat(types(table("shop_json").storageDescriptor().columns())).containsEntry("id", "bigint");
        assertThat(table("shop_json").parameters()).doesNotContainKey(TableShapes.COLUMN_TYPES);
    }

    @Test
    void shouldReportAnObjectWhoseDeclarationCannotBeRead() {
        S3Location object = write("shop.json", 0);
        byte[] lines = rewriteWithMetadata(object, Map.of(DeclaredTypes.METADATA_KEY, "garbled"));

        CatalogResponse response = local.catalog().handle(LocalCatalog.created(object));

        assertThat(response.problems())
                .singleElement()
                .asString()
                .contains("its schema cannot be read")
                .contains("tributary-hive-types = garbled");
        assertThat(new String(lines, StandardCharsets.UTF_8)).contains("\"id\":0");
    }
}
