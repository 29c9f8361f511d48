package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.record.SemanticTypes;
import dev.tributary.sink.event.InputRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A record whose values cannot be written goes to the dead letters alone, with its reason and raw bytes, and the
 * rest of its batch is written: one bad row never stalls a partition (a failed batch is delivered again and again).
 */
class BadRecordsTest {

    static final Schema PRICED = priced().build();
    static final Schema PRICED_WITH_NOTE =
            priced().field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
    static final Schema TYPED = SchemaBuilder.struct()
            .name("typed")
            .field("id", Schema.INT32_SCHEMA)
            .field(
                    "at",
                    SchemaBuilder.string()
                            .name(SemanticTypes.ZONED_TIMESTAMP)
                            .optional()
                            .build())
            .field(
                    "uid",
                    SchemaBuilder.string().name(SemanticTypes.UUID).optional().build())
            .field(
                    "opens",
                    SchemaBuilder.int64()
                            .name(SemanticTypes.MICRO_TIME)
                            .optional()
                            .build())
            .build();
    static final Schema PLACED = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("place", Schema.STRING_SCHEMA)
            .build();

    private static LocalLake lake;

    @BeforeAll
    static void start() {
        lake = new LocalLake("bad-records");
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldDeadLetterADecimalWithMoreDigitsThanItsPrecisionAndWriteTheRest() throws Exception {
        InputRecord bad = lake.unkeyed(
                "priced",
                1,
                PRICED_WITH_NOTE,
                new Struct(PRICED_WITH_NOTE)
                        .put("id", 2)
                        .put("amount", new BigDecimal("12345.67"))
                        .put("note", "only the bad row has one"));

        SinkResponse response = lake.sink(sinks("priced", "parquet"))
                .process(List.of(
                        lake.unkeyed(
                                "priced",
                                0,
                                PRICED,
                                new Struct(PRICED).put("id", 1).put("amount", new BigDecimal("123.45"))),
                        bad,
                        lake.unkeyed(
                                "priced",
                                2,
                                PRICED,
                                new Struct(PRICED).put("id", 3).put("amount", new BigDecimal("-999.99")))));

        assertThat(response.written()).isEqualTo(2);
        assertThat(response.deadLettered()).isEqualTo(1);
        JsonNode letter = lake.deadLetter("priced", 0, 1);
        assertThat(letter.get("reason").asText())
                .isEqualTo("Cannot write field amount because its value 12345.67 has"
                        + " 7 digits, more than the precision 5 of its column");
        assertThat(Base64.getDecoder().decode(letter.get("value").asText())).isEqualTo(bad.value());
        List<Map<String, Object>> rows = lake.query("SELECT * FROM read_parquet('${lake}/topics/priced/*/*.parquet',"
                + " hive_partitioning = false) ORDER BY id");
        assertThat(rows).extracting(r -> r.get("id")).containsExactly(1, 3);
        assertThat(rows.get(0)).as("no column that only the refused row had").doesNotContainKey("note");
    }

    @Test
    void shouldDeadLetterATimestampAUuidAndATimeThatCannotBeReadAndWriteTheRest() {
        SinkResponse response = lake.sink(sinks("typed", "parquet"))
                .process(List.of(
                        lake.unkeyed(
                                "typed",
                                0,
                                TYPED,
                                new Struct(TYPED)
                                        .put("id", 1)
                                        .put("at", "2026-11-25T10:00:00Z")
                                        .put("uid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
                                        .put("opens", 86_400_000_000L)),
                        lake.unkeyed(
                                "typed",
                                1,
                                TYPED,
                                new Struct(TYPED).put("id", 2).put("at", "yesterday")),
                        lake.unkeyed(
                                "typed",
                                2,
                                TYPED,
                                new Struct(TYPED).put("id", 3).put("uid", "not-a-uuid")),
                        lake.unkeyed(
                                "typed",
                                3,
                                TYPED,
                                new Struct(TYPED).put("id", 4).put("opens", -1L))));

        assertThat(response.written()).isEqualTo(1);
        assertThat(lake.keys("topics/typed/"))
                .containsExactly("topics/typed/partition=0/typed+0+0000000000.snappy.parquet");
        assertThat(lake.deadLetter("typed", 0, 1).get("reason").asText())
                .isEqualTo("Cannot write field at because"
                        + " its value 'yesterday' is not an ISO-8601 timestamp with an offset");
        assertThat(lake.deadLetter("typed", 0, 2).get("reason").asText())
                .isEqualTo("Cannot write field uid because" + " its value 'not-a-uuid' is not a UUID");
        assertThat(lake.deadLetter("typed", 0, 3).get("reason").asText())
                .isEqualTo("Cannot write field opens because" + " its value -1 is not a time of day in microseconds");
    }

    @Test
    void shouldWritePostgresqlsEndOfDayAsJson() throws Exception {
        SinkResponse response = lake.sink(sinks("typed.json", "json"))
                .process(List.of(
                        lake.unkeyed(
                                "typed.json",
                                0,
                                TYPED,
                                new Struct(TYPED).put("id", 1).put("opens", 86_400_000_000L)),
                        lake.unkeyed(
                                "typed.json",
                                1,
                                TYPED,
                                new Struct(TYPED).put("id", 2).put("opens", 45_296_000_001L))));

        assertThat(response.written()).isEqualTo(2);
        String[] lines =
                new String(lake.get(lake.keys("topics/typed.json/").get(0)), StandardCharsets.UTF_8).split("\n");
        assertThat(new ObjectMapper().readTree(lines[0]).get("opens").asText()).isEqualTo("24:00");
        assertThat(new ObjectMapper().readTree(lines[1]).get("opens").asText()).isEqualTo("12:34:56.000001");
    }

    @Test
    void shouldDeadLetterPlainJsonWithAnEmptyObjectWhenWritingParquetOnly() throws Exception {
        List<InputRecord> batch = List.of(
                lake.rawRecord("plain", 0, 0, null, "{\"id\": 1, \"extra\": {}}"),
                lake.rawRecord("plain", 0, 1, null, "{\"id\": 2, \"lines\": [{}]}"),
                lake.rawRecord("plain", 0, 2, null, "{\"id\": 3, \"extra\": {\"a\": 1}}"),
                lake.rawRecord("plain", 0, 3, null, "{}"));

        SinkResponse parquet = lake.sink(sinks("plain", "parquet")).process(batch);

        assertThat(parquet.written()).isEqualTo(2);
        assertThat(lake.deadLetter("plain", 0, 0).get("reason").asText())
                .isEqualTo("Cannot write the record as"
                        + " Parquet because extra is a struct without fields, which Parquet cannot hold (it has no empty"
                        + " groups)");
        assertThat(lake.deadLetter("plain", 0, 1).get("reason").asText())
                .startsWith("Cannot write the record as" + " Parquet because lines[] is a struct without fields");
        assertThat(lake.query("SELECT id, extra.a AS a FROM read_parquet('${lake}/topics/plain/*/*.parquet') ORDER"
                        + " BY id NULLS LAST"))
                .extracting(r -> r.get("id") + ":" + r.get("a"))
                .containsExactly("3:1", "null:null");
    }

    @Test
    void shouldDeadLetterARecordWhoseObjectKeyWouldBeLongerThanS3Allows() {
        String longPlace = "Llanfair".repeat(130);

        SinkResponse response = lake.sink("""
                  - name: placed
                    topics: placed
                    bucket: ${bucket}
                    partitioner: field
                    partition-fields: place
                """)
                .process(List.of(
                        lake.unkeyed(
                                "placed",
                                0,
                                PLACED,
                                new Struct(PLACED).put("id", 1).put("place", longPlace)),
                        lake.unkeyed(
                                "placed",
                                1,
                                PLACED,
                                new Struct(PLACED).put("id", 2).put("place", "Bala"))));

        assertThat(response.written()).isEqualTo(1);
        assertThat(lake.keys("topics/placed/"))
                .containsExactly("topics/placed/place=Bala/placed+0+0000000001.snappy.parquet");
        assertThat(lake.deadLetter("placed", 0, 0).get("reason").asText())
                .startsWith("Cannot write the record to topics/placed/place=Llanfair")
                .endsWith("because the object key would be 1095 bytes of UTF-8, more than S3's 1024; its partition"
                        + " path is 1046 bytes");
    }

    private static String sinks(String topic, String format) {
        return """
                  - name: %s
                    topics: %s
                    bucket: ${bucket}
                    format: %s
                """.formatted(topic.replace('.', '-'), topic, format);
    }

    /** An id and an amount of precision 5 and scale 2. */
    private static SchemaBuilder priced() {
        return SchemaBuilder.struct()
                .name("priced")
                .field("id", Schema.INT32_SCHEMA)
                .field(
                        "amount",
                        Decimal.builder(2)
                                .parameter(SemanticTypes.DECIMAL_PRECISION, "5")
                                .build());
    }
}
