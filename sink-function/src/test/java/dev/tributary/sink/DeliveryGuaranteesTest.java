package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.record.TopicPartition;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.storage.S3LakeStore;
import dev.tributary.sink.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeliveryGuaranteesTest {

    static final Schema V1 = SchemaBuilder.struct()
            .name("item")
            .field("id", Schema.INT32_SCHEMA)
            .field("n", Schema.INT32_SCHEMA)
            .build();
    static final Schema V2 = SchemaBuilder.struct()
            .name("item")
            .field("id", Schema.INT32_SCHEMA)
            .field("n", Schema.INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema CLASH = SchemaBuilder.struct()
            .name("item")
            .field("id", Schema.INT32_SCHEMA)
            .field("n", Schema.STRING_SCHEMA)
            .build();
    static final String SINKS = """
              - name: items
                topics: [items, evolving, clashing]
                bucket: ${bucket}
            """;

    private static LocalLake lake;

    @BeforeAll
    static void start() {
        lake = new LocalLake("guarantees");
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldLeaveTheSameObjectsWithTheSameContentWhenABatchIsDeliveredTwice() {
        List<InputRecord> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(lake.record(
                    "items",
                    i % 3,
                    100 + i,
                    null,
                    null,
                    V1,
                    new Struct(V1).put("id", i).put("n", i)));
        }
        SinkResponse first = lake.sink(SINKS).process(batch);
        Map<String, byte[]> contents = contents("topics/items/");

        SinkResponse second = lake.sink(SINKS).process(batch);

        assertThat(second.objects()).isEqualTo(first.objects());
        assertThat(contents("topics/items/"))
                .hasSameSizeAs(contents)
                .allSatisfy((key, bytes) -> assertThat(bytes).as(key).isEqualTo(contents.get(key)));
        assertThat(lake.keys("topics/items/")).hasSize(3);
    }

    @Test
    void shouldWriteTheRestOfABatchAndDeadLetterACorruptRecordWithItsReason() throws Exception {
        List<InputRecord> batch = new ArrayList<>();
        batch.add(lake.unkeyed("items", 10, V1, new Struct(V1).put("id", 1).put("n", 1)));
        batch.add(new InputRecord(
                new TopicPartition("items", 0),
                11,
                1L,
                null,
                "{\"schema\":{\"type\":\"int32\"},\"payload\":".getBytes(StandardCharsets.UTF_8),
                List.of()));
        batch.add(lake.unkeyed("items", 12, V1, new Struct(V1).put("id", 3).put("n", 3)));
        SinkResponse response = lake.sink(SINKS).process(batch);

        assertThat(response.written()).isEqualTo(2);
        assertThat(response.deadLettered()).isEqualTo(1);
        JsonNode letter = new ObjectMapper().readTree(lake.get("dead-letter/items/0/0000000011.json"));
        assertThat(letter.get("reason").asText()).startsWith("Cannot decode the value");
        assertThat(new String(Base64.getDecoder().decode(letter.get("value").asText()), StandardCharsets.UTF_8))
                .startsWith("{\"schema\"");
        assertThat(lake.query("SELECT count(*) AS n FROM read_parquet('${lake}/topics/items/partition=0/"
                                + "items+0+0000000010.snappy.parquet')")
                        .get(0)
                        .get("n"))
                .isEqualTo(2L);
    }

    @Test
    void shouldDeadLetterARecordOfATopicNoSinkTakesUnderNoSinksName() throws Exception {
        String sinks = """
                  - name: items
                    topics: [items]
                    bucket: ${bucket}
                    dead-letter-prefix: items-dead
                  - name: others
                    topics: [others]
                    bucket: ${bucket}
                    dead-letter-prefix: others-dead
                """;
        List<InputRecord> batch = List.of(
                lake.unkeyed("items", 5, V1, new Struct(V1).put("id", 1).put("n", 1)),
                lake.record(
                        "orphan",
                        2,
                        7,
                        null,
                        null,
                        V1,
                        new Struct(V1).put("id", 2).put("n", 2)));

        SinkResponse response = lake.sink(sinks).process(batch);
        lake.sink(sinks).process(batch);

        assertThat(response.written()).isEqualTo(1);
        assertThat(response.deadLettered()).isZero();
        assertThat(response.noSink()).isEqualTo(1);
        assertThat(lake.keys("items-dead/")).containsExactly("items-dead/no-sink/orphan/2/0000000007.json");
        assertThat(lake.keys("others-dead/")).containsExactly("others-dead/no-sink/orphan/2/0000000007.json");
        JsonNode letter = new ObjectMapper().readTree(lake.get("others-dead/no-sink/orphan/2/0000000007.json"));
        assertThat(letter.get("reason").asText())
                .isEqualTo("No sink takes topic orphan; add it to a sink's topics or topics-regex");
        assertThat(letter.get("offset").asLong()).isEqualTo(7);
    }

    @Test
    void shouldKeepEveryReasonWhenTwoSinksSharingADeadLetterPrefixRefuseTheSameRecord() throws Exception {
        String sinks = """
                  - name: by-region
                    topics: [shared]
                    bucket: ${bucket}
                    partitioner: field
                    partition-fields: region
                    dead-letter-prefix: shared-dead
                  - name: by-country
                    topics: [shared]
                    bucket: ${bucket}
                    format: json
                    partitioner: field
                    partition-fields: country
                    dead-letter-prefix: shared-dead
                """;
        List<InputRecord> batch = List.of(lake.record(
                "shared", 1, 3, null, null, V1, new Struct(V1).put("id", 1).put("n", 1)));

        SinkResponse response = lake.sink(sinks).process(batch);

        assertThat(response.deadLettered()).isEqualTo(2);
        assertThat(lake.keys("shared-dead/")).containsExactly("shared-dead/shared/1/0000000003.json");
        JsonNode letter = new ObjectMapper().readTree(lake.get("shared-dead/shared/1/0000000003.json"));
        assertThat(letter.get("reason").asText())
                .startsWith("sink by-region: ")
                .contains("region")
                .contains("; sink by-country: ")
                .contains("country");
        assertThat(letter.get("sinks")).extracting(JsonNode::asText).containsExactly("by-region", "by-country");
    }

    @Test
    void shouldMergeANewColumnAndAWiderTypeIntoOneObjectAndSplitOnAClash() throws Exception {
        SinkResponse evolving = lake.sink(SINKS)
                .process(List.of(
                        lake.unkeyed(
                                "evolving", 0, V1, new Struct(V1).put("id", 1).put("n", 1)),
                        lake.unkeyed(
                                "evolving",
                                1,
                                V2,
                                new Struct(V2)
                                        .put("id", 2)
                                        .put("n", 5_000_000_000L)
                                        .put("note", "new"))));
        SinkResponse clashing = lake.sink(SINKS)
                .process(List.of(
                        lake.unkeyed(
                                "clashing", 0, V1, new Struct(V1).put("id", 1).put("n", 1)),
                        lake.unkeyed(
                                "clashing",
                                1,
                                CLASH,
                                new Struct(CLASH).put("id", 2).put("n", "two"))));

        assertThat(evolving.objects()).hasSize(1);
        List<Map<String, Object>> rows = lake.query(
                "SELECT id, n, note FROM read_parquet('${lake}/topics/evolving/" + "*/*.parquet') ORDER BY id");
        assertThat(rows.get(0)).containsEntry("n", 1L).containsEntry("note", null);
        assertThat(rows.get(1)).containsEntry("n", 5_000_000_000L).containsEntry("note", "new");
        assertThat(clashing.objects()).hasSize(2).anyMatch(o -> o.endsWith("clashing+0+0000000001.snappy.parquet"));
    }

    @Test
    void shouldFailTheInvocationWhenAnObjectCannotBeWritten() {
        SinkService sink = new SinkService(
                lake.pipeline(SINKS.replace("${bucket}", "no-such-bucket-here")), new S3LakeStore(lake.s3));

        assertThatThrownBy(() -> sink.process(List.of(
                        lake.unkeyed("items", 0, V1, new Struct(V1).put("id", 1).put("n", 1)))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Cannot write s3://no-such-bucket-here/topics/items/partition=0/"
                        + "items+0+0000000000.snappy.parquet")
                .hasMessageContaining("NoSuchBucket");
    }

    private static Map<String, byte[]> contents(String prefix) {
        Map<String, byte[]> contents = new HashMap<>();
        lake.keys(prefix).forEach(key -> contents.put(key, lake.get(key)));
        return contents;
    }
}
