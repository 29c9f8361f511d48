package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.sink.event.InputRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deletes (tombstones) reach the lake whatever the partitioner, so the current-state view can drop their keys. */
class PartitionedDeletesTest {

    static final Schema KEY =
            SchemaBuilder.struct().field("address_id", Schema.INT32_SCHEMA).build();
    static final Schema ROW = SchemaBuilder.struct()
            .field("address_id", Schema.INT32_SCHEMA)
            .field("country", Schema.STRING_SCHEMA)
            .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
            .build();

    private static LocalLake lake;

    @BeforeAll
    static void start() {
        lake = new LocalLake("deletes");
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldWriteADeleteUnderHivesDefaultPartitionWithTheFieldPartitioner() throws Exception {
        SinkResponse response = lake.sink("""
                  - name: by-country
                    topics: addresses
                    bucket: ${bucket}
                    partitioner: field
                    partition-fields: country
                """)
                .process(List.of(
                        lake.record(
                                "addresses",
                                0,
                                0,
                                KEY,
                                new Struct(KEY).put("address_id", 104),
                                ROW,
                                new Struct(ROW).put("address_id", 104).put("country", "Canada")),
                        lake.record("addresses", 0, 1, KEY, new Struct(KEY).put("address_id", 104), null, null)));

        assertThat(response.deadLettered()).isZero();
        assertThat(lake.keys("topics/"))
                .containsExactly(
                        "topics/addresses/country=Canada/addresses+0+0000000000.snappy.parquet",
                        "topics/addresses/country=__HIVE_DEFAULT_PARTITION__/addresses+0+0000000001.snappy.parquet");
        List<Map<String, Object>> delete = lake.query(
                "SELECT __key_address_id, __op FROM read_parquet("
                        + "'${lake}/topics/addresses/country=__HIVE_DEFAULT_PARTITION__/*.parquet', hive_partitioning = false)");
        assertThat(delete).hasSize(1);
        assertThat(delete.get(0)).containsEntry("__key_address_id", 104).containsEntry("__op", "d");
    }

    @Test
    void shouldWriteADeleteRecordOfKeyColumnsAsADeleteInParquetAndJsonAlike() throws Exception {
        Schema marker = SchemaBuilder.struct()
                .field("address_id", Schema.OPTIONAL_INT32_SCHEMA)
                .field("__deleted", Schema.BOOLEAN_SCHEMA)
                .build();
        for (String format : List.of("parquet", "json")) {
            SinkResponse response = lake.sink("""
                      - name: markers-%1$s
                        topics: markers-%1$s
                        bucket: ${bucket}
                        format: %1$s
                        partitioner: field
                        partition-fields: country
                    """.formatted(format))
                    .process(List.of(
                            lake.record(
                                    "markers-" + format,
                                    0,
                                    0,
                                    KEY,
                                    new Struct(KEY).put("address_id", 105),
                                    ROW,
                                    new Struct(ROW).put("address_id", 105).put("country", "Chad")),
                            lake.record(
                                    "markers-" + format,
                                    0,
                                    1,
                                    KEY,
                                    new Struct(KEY).put("address_id", 105),
                                    marker,
                                    new Struct(marker).put("address_id", 105).put("__deleted", true))));

            assertThat(response.deadLettered()).as(format).isZero();
            String reader = format.equals("json") ? "read_json_auto" : "read_parquet";
            List<Map<String, Object>> rows = lake.query("SELECT __offset, __op, CAST(__deleted AS varchar) AS deleted,"
                    + " country FROM " + reader + "('${lake}/topics/markers-" + format + "/*/*', hive_partitioning ="
                    + " true, union_by_name = true) ORDER BY __offset");
            assertThat(rows).as(format).hasSize(2);
            assertThat(rows.get(0)).containsEntry("__op", "u").containsEntry("deleted", null);
            assertThat(rows.get(1))
                    .as("the delete record, under the default partition (read as null): it has no" + " country")
                    .containsEntry("__op", "d")
                    .containsEntry("deleted", "true")
                    .containsEntry("country", null);
            assertThat(lake.keys("topics/markers-" + format + "/"))
                    .anyMatch(k -> k.contains("/country=__HIVE_DEFAULT_PARTITION__/"));
        }
    }

    @Test
    void shouldTakeARecordWithTheDeleteHeaderAsADeleteWhateverItsValueHolds() throws Exception {
        InputRecord row = lake.record(
                "headed",
                0,
                0,
                KEY,
                new Struct(KEY).put("address_id", 9),
                ROW,
                new Struct(ROW).put("address_id", 9).put("country", "Chad"));
        InputRecord delete = lake.record(
                "headed", 0, 1, KEY, new Struct(KEY).put("address_id", 9), KEY, new Struct(KEY).put("address_id", 9));
        delete = new InputRecord(
                delete.topicPartition(),
                delete.offset(),
                delete.timestamp(),
                delete.key(),
                delete.value(),
                List.of(Map.entry("tributary.op", "d".getBytes(StandardCharsets.UTF_8))));

        SinkResponse response = lake.sink("""
                  - name: headed
                    topics: headed
                    bucket: ${bucket}
                    format: json
                """).process(List.of(row, delete));

        assertThat(response.deadLettered()).isZero();
        assertThat(lake.query("SELECT __offset, __op FROM read_json_auto('${lake}/topics/headed/*/*') ORDER BY"
                        + " __offset"))
                .extracting(r -> r.get("__op"))
                .containsExactly("u", "d");
    }

    @Test
    void shouldDeadLetterARecordWhosePartitionFieldHoldsBytes() {
        SinkResponse response = lake.sink("""
                  - name: by-photo
                    topics: photos
                    bucket: ${bucket}
                    partitioner: field
                    partition-fields: photo
                """)
                .process(List.of(
                        lake.unkeyed(
                                "photos",
                                0,
                                ROW,
                                new Struct(ROW)
                                        .put("address_id", 1)
                                        .put("country", "Chad")
                                        .put("photo", new byte[] {1, 2, 3})),
                        lake.unkeyed(
                                "photos",
                                1,
                                ROW,
                                new Struct(ROW).put("address_id", 2).put("country", "Chad"))));

        assertThat(response.written()).isEqualTo(1);
        assertThat(lake.keys("topics/photos/"))
                .containsExactly("topics/photos/photo=__HIVE_DEFAULT_PARTITION__/photos+0+0000000001.snappy.parquet");
        assertThat(lake.deadLetter("photos", 0, 0).get("reason").asText())
                .isEqualTo("Cannot partition by field"
                        + " photo because its type is BYTES; a partition value must be a string, number, boolean, decimal,"
                        + " date or time");
    }
}
