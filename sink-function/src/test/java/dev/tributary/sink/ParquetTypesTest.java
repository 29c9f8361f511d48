package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.record.SemanticTypes;
import dev.tributary.sink.event.InputRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the poller produces comes out of Parquet, read by DuckDB, with the same values and the right types. */
class ParquetTypesTest {

    static final Schema KEY =
            SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    static final Schema ROW = SchemaBuilder.struct()
            .name("typed")
            .field("id", Schema.INT32_SCHEMA)
            .field(
                    "amount",
                    Decimal.builder(2)
                            .parameter(SemanticTypes.DECIMAL_PRECISION, "10")
                            .optional()
                            .build())
            .field(
                    "exact",
                    SchemaBuilder.string()
                            .name(SemanticTypes.VARIABLE_DECIMAL)
                            .optional()
                            .build())
            .field("day", Date.builder().optional().build())
            .field(
                    "at",
                    SchemaBuilder.int64()
                            .name(SemanticTypes.MICRO_TIME)
                            .optional()
                            .build())
            .field(
                    "local_time",
                    SchemaBuilder.int64()
                            .name(SemanticTypes.MICRO_TIMESTAMP)
                            .optional()
                            .build())
            .field(
                    "instant",
                    SchemaBuilder.string()
                            .name(SemanticTypes.ZONED_TIMESTAMP)
                            .optional()
                            .build())
            .field(
                    "id_uuid",
                    SchemaBuilder.string().name(SemanticTypes.UUID).optional().build())
            .field(
                    "tags",
                    SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA)
                            .optional()
                            .build())
            .field("body", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .build();

    private static LocalLake lake;
    private static SinkResponse response;

    @BeforeAll
    static void write() {
        lake = new LocalLake("types");
        SinkService sink = lake.sinkTaking("typed");
        List<InputRecord> records = new ArrayList<>();
        records.add(lake.record(
                "typed",
                0,
                0,
                KEY,
                new Struct(KEY).put("id", 1),
                ROW,
                new Struct(ROW)
                        .put("id", 1)
                        .put("amount", new BigDecimal("-12345678.90"))
                        .put("exact", "1.23456789012345678901234567890")
                        .put("day", new java.util.Date(LocalDate.of(2024, 2, 29).toEpochDay() * 86_400_000L))
                        .put("at", 45_296_123_456L)
                        .put("local_time", 1_704_067_200_123_456L)
                        .put("instant", "2023-12-31T18:30:00.654321Z")
                        .put("id_uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
                        .put("tags", Arrays.asList("a b", null))
                        .put("body", "Ünïcödé ✓ 東京")
                        .put("ratio", 0.25)
                        .put("small", (short) -7)
                        .put("blob", new byte[] {0, (byte) 0xff})));
        records.add(lake.record("typed", 0, 1, KEY, new Struct(KEY).put("id", 2), ROW, new Struct(ROW).put("id", 2)));
        response = sink.process(records);
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldWriteOneSnappyParquetObjectNamedAsKafkaConnectDoes() {
        assertThat(response.written()).isEqualTo(2);
        assertThat(lake.keys("topics/")).containsExactly("topics/typed/partition=0/typed+0+0000000000.snappy.parquet");
    }

    @Test
    void shouldKeepEveryValueAndItsType() throws Exception {
        assertThat(lake.columnTypes("topics/typed/*/*.parquet"))
                .containsEntry("id", "INTEGER")
                .containsEntry("amount", "DECIMAL(10,2)")
                .containsEntry("day", "DATE")
                // parquet-avro marks every Avro time-micros as UTC-adjusted; Avro has no local time type.
                .containsEntry("at", "TIME WITH TIME ZONE")
                .containsEntry("local_time", "TIMESTAMP")
                .containsEntry("instant", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("id_uuid", "UUID")
                .containsEntry("tags", "VARCHAR[]")
                .containsEntry("body", "VARCHAR")
                .containsEntry("blob", "BLOB")
                .containsEntry("__offset", "BIGINT")
                .containsEntry("__key_id", "INTEGER")
                .containsEntry("__timestamp", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("__source_ts", "TIMESTAMP WITH TIME ZONE");

        List<Map<String, Object>> rows = lake.query("SELECT *, CAST(local_time AS VARCHAR) AS lt,"
                + " CAST(instant AS VARCHAR) AS inst, CAST(\"at\" AS VARCHAR) AS at_text, CAST(id_uuid AS VARCHAR) AS u"
                + " FROM read_parquet('${lake}/topics/typed/*/*.parquet') ORDER BY id");
        Map<String, Object> full = rows.get(0);
        assertThat((BigDecimal) full.get("amount")).isEqualByComparingTo("-12345678.90");
        assertThat(full.get("exact")).isEqualTo("1.23456789012345678901234567890");
        assertThat(full.get("day").toString()).isEqualTo("2024-02-29");
        assertThat(full.get("at_text")).isEqualTo("12:34:56.123456+00");
        assertThat(full.get("lt")).isEqualTo("2024-01-01 00:00:00.123456");
        assertThat(full.get("inst")).isEqualTo("2023-12-31 18:30:00.654321+00");
        assertThat(full.get("u")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(full.get("body")).isEqualTo("Ünïcödé ✓ 東京");
        assertThat(full.get("small")).isEqualTo(-7);
        assertThat(full.get("__op")).isEqualTo("u");
        assertThat(full.get("__topic")).isEqualTo("typed");
        assertThat(full.get("__offset")).isEqualTo(0L);
        Map<String, Object> sparse = rows.get(1);
        assertThat(sparse.get("amount")).isNull();
        assertThat(sparse.get("instant")).isNull();
        assertThat(sparse.get("tags")).isNull();
        assertThat(LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC))
                .isEqualTo(OffsetDateTime.parse("2024-01-01T00:00:00Z").toInstant());
    }
}
