package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.glue.TableShapes;
import dev.tributary.core.lake.PrestoView;
import dev.tributary.core.storage.S3Location;
import dev.tributary.sink.event.InputRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/** What the sink writes, registered in the local Glue endpoint: tables, columns, partitions, evolution, views. */
class CatalogServiceTest {

    static final Schema KEY =
            SchemaBuilder.struct().field("address_id", Schema.INT32_SCHEMA).build();
    static final Schema V1 = addressFields().build();
    /** The first schema with a column added at the end. */
    static final Schema V2 =
            addressFields().field("phone", Schema.OPTIONAL_STRING_SCHEMA).build();

    /** Sinks of one JSON topic, and of one Parquet topic partitioned by its country field. */
    private static final String JSON_EVENTS = """
              - name: events
                topics: shop.events
                bucket: ${bucket}
                format: json
            """;

    private static final String VISITS_BY_COUNTRY = """
              - name: visits
                topics: shop.visits
                bucket: ${bucket}
                partitioner: field
                partition-fields: country
            """;

    /** The lake and database of a test that registers the first batch: its own. */
    private LocalCatalog local;

    private CatalogService catalog;
    private final List<S3Location> first = new ArrayList<>();
    private CatalogResponse firstResponse;

    /** Gives the test a lake of its own holding the first batch, registered object by object. */
    private void registerFirstBatch() {
        local = new LocalCatalog("catalog", """
                  - name: query
                    topics: pagila.query
                    bucket: ${bucket}
                    partitioner: field
                    partition-fields: country
                    compression: gzip
                  - name: public
                    topics-regex: pagila\\.public\\..*
                    bucket: ${bucket}
                    format: json
                """);
        catalog = local.catalog();
        List<InputRecord> batch = new ArrayList<>();
        String[] countries = {"United States", "Canada", "United States"};
        for (int i = 0; i < 3; i++) {
            Struct row = row(V1, 100 + i, "District " + i, countries[i], "2026-01-01T00:00:0" + i + "Z");
            batch.add(local.record("pagila.query", 0, i, Schema.INT32_SCHEMA, 100 + i, V1, row));
            batch.add(local.record(
                    "pagila.public.address", 0, i, KEY, new Struct(KEY).put("address_id", 100 + i), V1, row));
        }
        first.addAll(local.write(batch));
        for (S3Location object : first) {
            firstResponse = catalog.handle(LocalCatalog.created(object));
        }
    }

    @AfterEach
    void close() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void shouldCreateATablePerTopicWithPartitionsAndNoRepeatedPartitionColumn() {
        registerFirstBatch();
        Table query = table("pagila_query");
        assertThat(query.tableType()).isEqualTo("EXTERNAL_TABLE");
        assertThat(query.parameters())
                .containsEntry("classification", "parquet")
                .containsEntry("compressionType", "gzip");
        assertThat(query.storageDescriptor().serdeInfo().serializationLibrary())
                .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        assertThat(query.storageDescriptor().location()).isEqualTo("s3://" + local.bucket + "/topics/pagila.query/");
        assertThat(query.partitionKeys()).extracting(Column::name).containsExactly("country");
        Map<String, String> types = types(query);
        assertThat(types)
                .doesNotContainKey("country")
                .containsEntry("address_id", "int")
                .containsEntry("district", "string")
                .containsEntry("amount", "decimal(10,2)")
                .containsEntry("last_update", "timestamp")
                .containsEntry("__offset", "bigint")
                .containsEntry("__key", "int")
                .containsEntry("__source_ts", "timestamp");
        assertThat(partitions("pagila_query")).containsExactlyInAnyOrder(List.of("Canada"), List.of("United States"));
        Table address = table("pagila_public_address");
        assertThat(address.parameters()).containsEntry("classification", "json");
        assertThat(address.storageDescriptor().serdeInfo().serializationLibrary())
                .isEqualTo("org.openx.data.jsonserde.JsonSerDe");
        // The types the sink declared, the Parquet table's for the same columns, not the ones the text suggests.
        assertThat(types(address))
                .containsEntry("address_id", "int")
                .containsEntry("__key_address_id", "int")
                .containsEntry("last_update", "timestamp")
                .containsEntry("amount", "decimal(10,2)")
                .containsEntry("__source_ts", "timestamp")
                .containsEntry("__partition", "int");
        assertThat(address.parameters()).containsEntry(TableShapes.COLUMN_TYPES, "declared");
        assertThat(partitions("pagila_public_address")).containsExactly(List.of("0"));
        assertThat(firstResponse.problems()).isEmpty();
        assertThat(table("pagila_query_current").tableType()).isEqualTo("VIRTUAL_VIEW");
    }

    @Test
    void shouldChangeNothingWhenEveryEventIsReplayed() {
        registerFirstBatch();
        Map<String, Object> before = snapshot();

        CatalogService fresh = local.catalog();
        for (S3Location object : first) {
            fresh.handle(LocalCatalog.created(object));
            fresh.handle(LocalCatalog.created(object));
        }

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldAppendANewColumnAndKeepReadingOldPartitions() throws Exception {
        registerFirstBatch();
        S3Location second = writeBrazilWithAPhone();

        CatalogResponse response = catalog.handle(LocalCatalog.created(second));

        assertThat(response.columnsAdded()).containsExactly("pagila_query.phone");
        List<String> names = table("pagila_query").storageDescriptor().columns().stream()
                .map(Column::name)
                .toList();
        assertThat(names.subList(names.size() - 1, names.size())).containsExactly("phone");
        assertThat(names.indexOf("address_id")).isZero();
        assertThat(partitions("pagila_query")).contains(List.of("Brazil"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*), count(phone) FROM read_parquet('"
                        + local.lakeDirectory() + "/topics/pagila.query/*/*.parquet', union_by_name = true)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(4);
            assertThat(rs.getLong(2)).isEqualTo(1);
        }
    }

    @Test
    void shouldRegisterExactlyThePartitionsPresentOnResync() {
        registerFirstBatch();
        writeBrazilWithAPhone();
        local.glue.deleteTable(b -> b.databaseName(local.database).name("pagila_query"));

        CatalogResponse response = local.catalog().handle(resyncEvent("topics/pagila.query/"));

        assertThat(response.tablesCreated()).containsExactly(local.database + ".pagila_query");
        assertThat(partitions("pagila_query"))
                .containsExactlyInAnyOrder(List.of("Canada"), List.of("United States"), List.of("Brazil"));
        assertThat(types(table("pagila_query"))).containsKey("phone").doesNotContainKey("country");
    }

    @Test
    void shouldReportATypeChangeAthenaCannotReadAndNotApplyIt() {
        registerFirstBatch();
        Schema clash = SchemaBuilder.struct()
                .field("address_id", Schema.STRING_SCHEMA)
                .field("country", Schema.STRING_SCHEMA)
                .build();
        S3Location object = writeOne(
                local,
                "pagila.query",
                0,
                20,
                300,
                clash,
                new Struct(clash).put("address_id", "three hundred").put("country", "Chad"));

        CatalogResponse response = catalog.handle(LocalCatalog.created(object));

        assertThat(response.problems())
                .singleElement()
                .asString()
                .contains("column address_id is int in the table but string in the object");
        assertThat(types(table("pagila_query"))).containsEntry("address_id", "int");
    }

    @Test
    void shouldStoreTheViewAsAthenaDoes() {
        registerFirstBatch();
        Table view = table("pagila_query_current");

        assertThat(view.parameters()).containsEntry("presto_view", "true");
        assertThat(view.viewOriginalText()).startsWith("/* Presto View: ").endsWith(" */");
        String sql = PrestoView.sqlOf(view.viewOriginalText());
        assertThat(sql)
                .contains("PARTITION BY \"__key\"")
                .contains("ORDER BY coalesce(\"__source_ts\", \"__timestamp\") DESC NULLS LAST")
                .contains("\"__op\" <> 'd'")
                .contains("FROM \"" + local.database + "\".\"pagila_query\"");
        assertThat(view.storageDescriptor().columns())
                .extracting(Column::name)
                .contains("address_id", "country")
                .noneMatch(name -> name.startsWith("__"));
    }

    @Test
    void shouldLeaveATableItDidNotCreateAloneWhereAViewWouldGo() {
        registerFirstBatch();
        local.glue.createTable(b -> b.databaseName(local.database)
                .tableInput(t -> t.name("pagila_public_city_current")
                        .tableType("EXTERNAL_TABLE")
                        .storageDescriptor(sd -> sd.columns(c -> c.name("mine").type("string")))));
        List<S3Location> objects = local.write(List.of(local.record(
                "pagila.public.city",
                0,
                0,
                KEY,
                new Struct(KEY).put("address_id", 1),
                V1,
                row(V1, 1, "District", "Chad", "2026-01-01T00:00:00Z"))));

        CatalogResponse response = catalog.handle(LocalCatalog.created(objects.get(0)));

        assertThat(response.tablesCreated()).containsExactly(local.database + ".pagila_public_city");
        assertThat(response.problems())
                .singleElement()
                .asString()
                .startsWith(
                        "Cannot write view " + local.database
                                + ".pagila_public_city_current because a table or view that Tributary did not create has that name");
        assertThat(table("pagila_public_city_current").storageDescriptor().columns())
                .extracting(Column::name)
                .containsExactly("mine");
    }

    @Test
    void shouldReportAnObjectThatIsGoneOrIsNotWhatItsNameSaysWithoutFailing() {
        registerFirstBatch();
        S3Location garbage = new S3Location(
                local.bucket, "topics/pagila.query/country=Atlantis/pagila.query+0+0000000099.gz.parquet");
        local.s3.putObject(
                b -> b.bucket(garbage.bucket()).key(garbage.key()), RequestBody.fromString("not parquet at all"));
        S3Location gone = new S3Location(
                local.bucket, "topics/pagila.query/country=Atlantis/pagila.query+0+0000000123.gz.parquet");

        CatalogResponse first = catalog.handle(LocalCatalog.created(garbage));
        CatalogResponse second = catalog.handle(LocalCatalog.created(gone));

        assertThat(first.problems())
                .singleElement()
                .asString()
                .startsWith("Cannot register " + garbage + " because its schema cannot be read");
        assertThat(second.problems()).containsExactly("Cannot register " + gone + " because it no longer exists");
        assertThat(first.partitionsCreated() + second.partitionsCreated()).isZero();
        assertThat(partitions("pagila_query")).doesNotContain(List.of("Atlantis"));
    }

    @Test
    void shouldShowAColumnAddedLaterInEveryExistingJsonPartition() {
        try (LocalCatalog lake = new LocalCatalog("jsonparts", JSON_EVENTS)) {
            CatalogService service = lake.catalog();
            writeChileAndPeru(lake).forEach(o -> service.handle(LocalCatalog.created(o)));
            S3Location later =
                    writeOne(lake, "shop.events", 0, 1, 3, V2, withPhone(3, "D", "Chile", "2026-02-01T00:00:00Z"));

            CatalogResponse response = service.handle(LocalCatalog.created(later));

            Table table = table(lake, "shop_events");
            List<Partition> partitions = partitionsOf(lake, "shop_events");
            assertThat(response.columnsAdded()).containsExactly("shop_events.phone");
            assertThat(response.partitionsUpdated()).isEqualTo(2);
            assertThat(partitions).extracting(Partition::values).containsExactlyInAnyOrder(List.of("0"), List.of("1"));
            assertThat(partitions)
                    .allSatisfy(p -> assertThat(p.storageDescriptor().columns())
                            .isEqualTo(table.storageDescriptor().columns())
                            .extracting(Column::name)
                            .contains("phone"));
            assertThat(partitions)
                    .allSatisfy(p -> assertThat(p.parameters())
                            .doesNotContainKey("tributary.partition-columns")
                            .containsEntry("classification", "json"));
            assertThat(service.handle(LocalCatalog.created(later)).partitionsUpdated())
                    .isZero();
        }
    }

    @Test
    void shouldWidenAColumnInEveryExistingParquetPartition() {
        Schema narrow = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("n", Schema.INT32_SCHEMA)
                .build();
        Schema wide = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("n", Schema.INT64_SCHEMA)
                .build();
        try (LocalCatalog lake = new LocalCatalog("parquetparts", """
                  - name: counts
                    topics: shop.counts
                    bucket: ${bucket}
                """)) {
            List<S3Location> objects = new ArrayList<>();
            for (int id = 1; id <= 2; id++) {
                objects.add(writeOne(
                        lake,
                        "shop.counts",
                        id - 1,
                        0,
                        id,
                        narrow,
                        new Struct(narrow).put("id", id).put("n", id)));
            }
            CatalogService service = lake.catalog();
            objects.forEach(o -> service.handle(LocalCatalog.created(o)));
            S3Location later = writeOne(
                    lake,
                    "shop.counts",
                    1,
                    1,
                    3,
                    wide,
                    new Struct(wide).put("id", 3).put("n", 3_000_000_000L));

            CatalogResponse response = service.handle(LocalCatalog.created(later));

            Table table = table(lake, "shop_counts");
            assertThat(response.columnsAdded()).containsExactly("shop_counts.n int -> bigint");
            assertThat(types(table)).containsEntry("n", "bigint");
            assertTwoPartitionsWith(
                    lake, "shop_counts", table.storageDescriptor().columns());
        }
    }

    @Test
    void shouldGiveAPartitionCreatedFromAnOutdatedTableTheCurrentColumns() {
        try (LocalCatalog lake = new LocalCatalog("outdated", JSON_EVENTS)) {
            CatalogService warm = lake.catalog();
            warm.handle(LocalCatalog.created(
                    writeOne(lake, "shop.events", 0, 0, 1, V1, row(V1, 1, "D", "Chile", "2026-01-01T00:00:00Z"))));
            lake.catalog()
                    .handle(LocalCatalog.created(writeOne(
                            lake, "shop.events", 0, 1, 2, V2, withPhone(2, "D", "Chile", "2026-02-01T00:00:00Z"))));

            // The warm container still holds the table without phone, and the object has no phone either.
            CatalogResponse response = warm.handle(LocalCatalog.created(
                    writeOne(lake, "shop.events", 1, 0, 3, V1, row(V1, 3, "D", "Peru", "2026-01-01T00:00:00Z"))));

            Table table = table(lake, "shop_events");
            assertThat(response.partitionsCreated()).isEqualTo(1);
            assertThat(response.partitionsUpdated()).isEqualTo(1);
            assertTwoPartitionsWith(
                    lake, "shop_events", table.storageDescriptor().columns());
        }
    }

    @Test
    void shouldGiveEveryPartitionTheTablesColumnsWhenTheTableDoesNotRecordThatTheyHaveThem() {
        try (LocalCatalog lake = new LocalCatalog("unrecorded", JSON_EVENTS)) {
            List<S3Location> objects = writeChileAndPeru(lake);
            CatalogService service = lake.catalog();
            objects.forEach(o -> service.handle(LocalCatalog.created(o)));
            // A column added as an earlier catalog did it, or by an invocation that failed before the partitions:
            // the table has it, the partitions do not, and the table's record of its partitions' columns is gone.
            Table before = table(lake, "shop_events");
            Map<String, String> parameters = new LinkedHashMap<>(before.parameters());
            parameters.remove("tributary.partition-columns");
            List<Column> columns = new ArrayList<>(before.storageDescriptor().columns());
            columns.add(Column.builder().name("phone").type("string").build());
            lake.glue.updateTable(b -> b.databaseName(lake.database)
                    .tableInput(t -> t.name(before.name())
                            .tableType(before.tableType())
                            .parameters(parameters)
                            .partitionKeys(before.partitionKeys())
                            .storageDescriptor(before.storageDescriptor().toBuilder()
                                    .columns(columns)
                                    .build())));

            CatalogResponse response = lake.catalog().handle(LocalCatalog.created(objects.get(0)));

            Table table = table(lake, "shop_events");
            assertThat(response.partitionsUpdated()).isEqualTo(2);
            assertThat(table.parameters()).containsKey("tributary.partition-columns");
            assertThat(table.storageDescriptor().columns()).isEqualTo(columns);
            assertTwoPartitionsWith(lake, "shop_events", columns);
            assertThat(lake.catalog()
                            .handle(LocalCatalog.created(objects.get(1)))
                            .partitionsUpdated())
                    .isZero();
        }
    }

    @Test
    void shouldRegisterThePartitionOfAnUppercaseFieldAndNeverRepeatItAsAColumn() {
        Schema upper = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("Country", Schema.STRING_SCHEMA)
                .build();
        try (LocalCatalog lake = new LocalCatalog("upper", """
                  - name: upper
                    topics: shop.orders
                    bucket: ${bucket}
                    partitioner: field
                    partition-fields: Country
                    keep-partition-fields: true
                """)) {
            S3Location object = writeOne(
                    lake,
                    "shop.orders",
                    0,
                    0,
                    1,
                    upper,
                    new Struct(upper).put("id", 1).put("Country", "United States"));

            CatalogResponse response = lake.catalog().handle(LocalCatalog.created(object));

            assertThat(object.key()).contains("/Country=United States/");
            assertThat(response.problems()).isEmpty();
            Table table = table(lake, "shop_orders");
            assertThat(table.partitionKeys()).extracting(Column::name).containsExactly("country");
            assertThat(table.storageDescriptor().columns())
                    .extracting(Column::name)
                    .contains("id")
                    .doesNotContain("country", "Country");
            assertThat(partitionsOf(lake, "shop_orders"))
                    .extracting(Partition::values)
                    .containsExactly(List.of("United States"));
        }
    }

    /** The sink writes a Connect Time as TIME(MICROS); a TIME(MILLIS) column is reported (ParquetColumnsTest). */
    @Test
    void shouldRegisterTimesAndUuidsAsAthenaReadsThem() {
        Schema shop = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("opens_at", Time.builder().optional().build())
                .field(
                        "closes_at",
                        SchemaBuilder.int64()
                                .name("io.debezium.time.MicroTime")
                                .optional()
                                .build())
                .field(
                        "uid",
                        SchemaBuilder.string()
                                .name("io.debezium.data.Uuid")
                                .optional()
                                .build())
                .build();
        try (LocalCatalog lake = new LocalCatalog("types", """
                  - name: shops
                    topics: shops
                    bucket: ${bucket}
                """)) {
            S3Location object = writeOne(
                    lake,
                    "shops",
                    0,
                    0,
                    1,
                    shop,
                    new Struct(shop)
                            .put("id", 1)
                            .put("opens_at", new Date(9 * 3_600_000L))
                            .put("closes_at", 17 * 3_600_000_000L)
                            .put("uid", "6f1c2a8e-3b7d-4c1e-9a2f-0d5e8b7c6a41"));

            CatalogResponse response = lake.catalog().handle(LocalCatalog.created(object));

            Table table = table(lake, "shops");
            assertThat(types(table))
                    .containsEntry("opens_at", "bigint")
                    .containsEntry("closes_at", "bigint")
                    .containsEntry("uid", "binary");
            assertThat(response.problems()).isEmpty();
        }
    }

    @Test
    void shouldLetADeleteWinAndLeaveRowsWithoutAKeyOutOfTheCurrentState() throws Exception {
        // The record's own __op field takes the plain name: the sink names its operation column ___op.
        Schema item = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .field("__op", Schema.STRING_SCHEMA)
                .build();
        try (LocalCatalog lake = new LocalCatalog("current", """
                  - name: items
                    topics: shop.items
                    bucket: ${bucket}
                """)) {
            List<S3Location> objects = lake.write(List.of(
                    lake.changed(
                            "shop.items",
                            0,
                            Schema.INT32_SCHEMA,
                            1,
                            item,
                            new Struct(item).put("id", 1).put("name", "one").put("__op", "mine"),
                            "2025-11-25T09:00:00Z"),
                    lake.changed(
                            "shop.items",
                            1,
                            Schema.INT32_SCHEMA,
                            2,
                            item,
                            new Struct(item).put("id", 2).put("name", "two").put("__op", "mine"),
                            "2025-11-25T09:00:01Z"),
                    lake.record("shop.items", 0, 2, Schema.INT32_SCHEMA, 1, item, null),
                    lake.changed(
                            "shop.items",
                            3,
                            Schema.INT32_SCHEMA,
                            null,
                            item,
                            new Struct(item).put("id", 3).put("name", "three").put("__op", "mine"),
                            "2025-11-25T09:00:03Z"),
                    lake.changed(
                            "shop.items",
                            4,
                            Schema.INT32_SCHEMA,
                            null,
                            item,
                            new Struct(item).put("id", 4).put("name", "four").put("__op", "mine"),
                            "2025-11-25T09:00:04Z")));
            CatalogService service = lake.catalog();
            objects.forEach(o -> service.handle(LocalCatalog.created(o)));

            Table view = table(lake, "shop_items_current");
            String sql = PrestoView.sqlOf(view.viewOriginalText())
                    .replace(
                            "\"" + lake.database + "\".\"shop_items\"",
                            "read_parquet('" + lake.lakeDirectory()
                                    + "/topics/shop.items/*/*.parquet', hive_partitioning = true, union_by_name = true)");
            List<String> rows = new ArrayList<>();
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = duck.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getInt("id") + " " + rs.getString("name") + " " + rs.getString("__op"));
                }
            }

            assertThat(sql).contains("\"___op\" <> 'd'");
            assertThat(rows).containsExactly("2 two mine");
        }
    }

    @Test
    void shouldRefuseTheObjectsOfASecondTopicWhoseNameMapsToTheSameTable() {
        Schema order = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        Schema other = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("note", Schema.STRING_SCHEMA)
                .build();
        try (LocalCatalog lake = new LocalCatalog("clash", """
                  - name: orders
                    topics: [shop.orders, shop-orders]
                    bucket: ${bucket}
                """)) {
            S3Location first = writeOne(lake, "shop.orders", 0, 0, 1, order, new Struct(order).put("id", 1));
            S3Location second = writeOne(
                    lake,
                    "shop-orders",
                    1,
                    0,
                    1,
                    other,
                    new Struct(other).put("id", 1).put("note", "from the other topic"));
            CatalogService service = lake.catalog();
            service.handle(LocalCatalog.created(first));

            CatalogResponse response = service.handle(LocalCatalog.created(second));
            CatalogResponse fresh = lake.catalog().handle(LocalCatalog.created(second));
            CatalogResponse resync = lake.catalog().handle(resyncEvent("topics/shop"));

            String problem = "Cannot register " + second + " because topic shop-orders maps to table " + lake.database
                    + ".shop_orders, which holds topic shop.orders; give the topics different table names with the"
                    + " sinks' table-name setting (topics of one sink whose names differ only in '.', '-' or case"
                    + " need sinks of their own)";
            assertThat(response.problems()).containsExactly(problem);
            assertThat(fresh.problems()).containsExactly(problem);
            assertThat(resync.problems()).containsExactly(problem);
            Table table = table(lake, "shop_orders");
            assertThat(table.parameters()).containsEntry("tributary.topic", "shop.orders");
            assertThat(types(table)).doesNotContainKey("note");
            assertThat(partitionsOf(lake, "shop_orders"))
                    .extracting(p -> p.storageDescriptor().location())
                    .containsExactly("s3://" + lake.bucket + "/topics/shop.orders/partition=0/");
        }
    }

    @Test
    void shouldReadTheLastWrittenObjectOfAPartitionOnResyncWhateverItsKey() throws Exception {
        try (LocalCatalog lake = new LocalCatalog("newest", VISITS_BY_COUNTRY)) {
            // The older object has the greater key (Kafka partition 1); the newer one, partition 0, has a new column.
            S3Location older =
                    writeOne(lake, "shop.visits", 1, 0, 1, V1, row(V1, 1, "D", "Chile", "2026-01-01T00:00:00Z"));
            S3Location newer =
                    writeOne(lake, "shop.visits", 0, 5, 2, V2, withPhone(2, "D", "Chile", "2026-01-02T00:00:00Z"));
            touch(lake, older, "2026-01-02T00:00:00Z");
            touch(lake, newer, "2026-01-03T00:00:00Z");

            CatalogResponse response = lake.catalog().handle(resyncEvent("topics/shop.visits/"));

            assertThat(older.key()).isGreaterThan(newer.key());
            assertThat(response.objectCount()).isEqualTo(2);
            assertThat(types(table(lake, "shop_visits"))).containsKey("phone");
        }
    }

    @Test
    void shouldCountEveryObjectOfALargePrefixOnResyncAndListOnlyASample() {
        try (LocalCatalog lake = new LocalCatalog("large", """
                  - name: visits
                    topics: shop.visits
                    bucket: ${bucket}
                """)) {
            S3Location written =
                    writeOne(lake, "shop.visits", 0, 0, 1, V1, row(V1, 1, "D", "Chile", "2026-01-01T00:00:00Z"));
            for (int i = 1; i <= 150; i++) {
                String copy = written.key().replace("+0000000000.", "+" + String.format("%010d", i * 10) + ".");
                lake.s3.copyObject(b -> b.sourceBucket(lake.bucket)
                        .sourceKey(written.key())
                        .destinationBucket(lake.bucket)
                        .destinationKey(copy));
            }
            for (int i = 0; i < 120; i++) {
                String note = "topics/shop.visits/notes/note-" + i + ".txt";
                lake.s3.putObject(b -> b.bucket(lake.bucket).key(note), RequestBody.fromString("not data"));
            }

            CatalogResponse response = lake.catalog().handle(resyncEvent("topics/shop.visits/"));

            assertThat(response.objectCount()).isEqualTo(151);
            assertThat(response.objects()).hasSize(CatalogResponse.SAMPLE);
            assertThat(response.ignoredCount()).isEqualTo(120);
            assertThat(response.ignored()).hasSize(CatalogResponse.SAMPLE);
            assertThat(response.partitionsCreated()).isEqualTo(1);
            assertThat(response.problems()).isEmpty();
        }
    }

    @Test
    void shouldFindTheObjectOfAnEventBridgeKeyWhetherOrNotItCameUrlEncoded() {
        try (LocalCatalog lake = new LocalCatalog("eventbridge", VISITS_BY_COUNTRY)) {
            S3Location plus = writeOne(
                    lake, "shop.visits", 0, 0, 1, V1, row(V1, 1, "D", "United+States", "2026-01-01T00:00:00Z"));
            S3Location space = writeOne(
                    lake, "shop.visits", 0, 1, 2, V1, row(V1, 2, "D", "United States", "2026-01-01T00:00:00Z"));
            CatalogService service = lake.catalog();

            CatalogResponse asIs = service.handle(LocalCatalog.created(plus));
            CatalogResponse encoded = service.handle(LocalCatalog.createdEncoded(space));

            assertThat(plus.key()).contains("/country=United+States/");
            assertThat(asIs.objects()).containsExactly(plus.toString());
            assertThat(encoded.objects()).containsExactly(space.toString());
            assertThat(asIs.problems()).isEmpty();
            assertThat(encoded.problems()).isEmpty();
            assertThat(partitionsOf(lake, "shop_visits"))
                    .extracting(p -> p.values().get(0))
                    .containsExactlyInAnyOrder("United+States", "United States");
        }
    }

    @Test
    void shouldDecodeTheKeysOfClassicNotificationsWithPlusSignsAndEscapedPartitionValues() {
        try (LocalCatalog lake = new LocalCatalog("notified", VISITS_BY_COUNTRY)) {
            List<S3Location> objects = new ArrayList<>();
            String[] countries = {"United+States", "United States", "A=B"};
            for (int i = 0; i < countries.length; i++) {
                objects.add(writeOne(
                        lake, "shop.visits", 0, i, i, V1, row(V1, i, "D", countries[i], "2026-01-01T00:00:00Z")));
            }
            CatalogService service = lake.catalog();

            List<CatalogResponse> responses = objects.stream()
                    .map(o -> service.handle(LocalCatalog.notified(o)))
                    .toList();

            assertThat(objects.get(2).key()).contains("/country=A%3DB/");
            assertThat(responses)
                    .extracting(CatalogResponse::objects)
                    .containsExactly(
                            List.of(objects.get(0).toString()),
                            List.of(objects.get(1).toString()),
                            List.of(objects.get(2).toString()));
            assertThat(responses).allSatisfy(r -> assertThat(r.problems()).isEmpty());
            assertThat(partitionsOf(lake, "shop_visits"))
                    .extracting(p -> p.values().get(0))
                    .containsExactlyInAnyOrder("United+States", "United States", "A=B");
        }
    }

    /** Sets when the local S3 server says an object was last written: its file's modification time. */
    private static void touch(LocalCatalog lake, S3Location object, String instant) throws IOException {
        Files.setLastModifiedTime(Path.of(lake.lakeDirectory(), object.key()), FileTime.from(Instant.parse(instant)));
        assertThat(lake.s3
                        .headObject(b -> b.bucket(object.bucket()).key(object.key()))
                        .lastModified())
                .isEqualTo(Instant.parse(instant));
    }

    /** Writes one record, keyed by an int, with the real sink, and returns its object. */
    private static S3Location writeOne(
            LocalCatalog lake, String topic, int partition, long offset, int key, Schema schema, Struct row) {
        return lake.write(List.of(lake.record(topic, partition, offset, Schema.INT32_SCHEMA, key, schema, row)))
                .get(0);
    }

    /** Writes a record of the first schema in each of the two Kafka partitions of shop.events, and returns both objects. */
    private static List<S3Location> writeChileAndPeru(LocalCatalog lake) {
        return List.of(
                writeOne(lake, "shop.events", 0, 0, 1, V1, row(V1, 1, "D", "Chile", "2026-01-01T00:00:00Z")),
                writeOne(lake, "shop.events", 1, 0, 2, V1, row(V1, 2, "D", "Peru", "2026-01-01T00:00:00Z")));
    }

    /** Writes a record of the second schema, with its new column, in a partition the first batch does not have. */
    private S3Location writeBrazilWithAPhone() {
        return writeOne(
                local, "pagila.query", 0, 10, 200, V2, withPhone(200, "District 9", "Brazil", "2026-02-01T00:00:00Z"));
    }

    /** The fields of the first schema, to which the second adds one. */
    private static SchemaBuilder addressFields() {
        return SchemaBuilder.struct()
                .field("address_id", Schema.INT32_SCHEMA)
                .field("district", Schema.STRING_SCHEMA)
                .field("country", Schema.STRING_SCHEMA)
                .field(
                        "amount",
                        Decimal.builder(2)
                                .parameter("connect.decimal.precision", "10")
                                .optional()
                                .build())
                .field(
                        "last_update",
                        SchemaBuilder.string()
                                .name("io.debezium.time.ZonedTimestamp")
                                .build());
    }

    /** A row of the second schema, its new column set. */
    private static Struct withPhone(int id, String district, String country, String updated) {
        return row(V2, id, district, country, updated).put("phone", "555");
    }

    /** Asserts that the table has two partitions, each with exactly these columns. */
    private static void assertTwoPartitionsWith(LocalCatalog lake, String table, List<Column> columns) {
        assertThat(partitionsOf(lake, table))
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.storageDescriptor().columns()).isEqualTo(columns));
    }

    private static Struct row(Schema schema, int id, String district, String country, String updated) {
        return new Struct(schema)
                .put("address_id", id)
                .put("district", district)
                .put("country", country)
                .put("amount", new BigDecimal("12.30"))
                .put("last_update", updated);
    }

    private Table table(String name) {
        return table(local, name);
    }

    private static Table table(LocalCatalog lake, String name) {
        return lake.glue.getTable(b -> b.databaseName(lake.database).name(name)).table();
    }

    /** The partitions of a table, as one call returns them. */
    private static List<Partition> partitionsOf(LocalCatalog lake, String table) {
        return lake.glue
                .getPartitions(b -> b.databaseName(lake.database).tableName(table))
                .partitions();
    }

    private static CatalogEvent resyncEvent(String prefix) {
        return new CatalogEvent(null, null, null, new CatalogEvent.Resync(prefix, null));
    }

    private static Map<String, String> types(Table table) {
        Map<String, String> types = new LinkedHashMap<>();
        table.storageDescriptor().columns().forEach(c -> types.put(c.name(), c.type()));
        return types;
    }

    private List<List<String>> partitions(String table) {
        return local
                .glue
                .getPartitionsPaginator(b -> b.databaseName(local.database).tableName(table))
                .stream()
                .flatMap(r -> r.partitions().stream())
                .map(Partition::values)
                .toList();
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> state = new LinkedHashMap<>();
        local.glue.getTablesPaginator(b -> b.databaseName(local.database)).stream()
                .flatMap(r -> r.tableList().stream())
                .forEach(t -> {
                    state.put(
                            t.name(),
                            t.versionId() + " " + t.storageDescriptor().columns());
                    if (!t.tableType().equals("VIRTUAL_VIEW")) {
                        state.put(t.name() + " partitions", partitions(t.name()));
                    }
                });
        return state;
    }
}
