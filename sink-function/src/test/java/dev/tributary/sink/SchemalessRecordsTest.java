package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.sink.event.InputRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain JSON records (no schema envelope) of one batch make one object, whatever their nulls and numbers. */
class SchemalessRecordsTest {

    private static LocalLake lake;

    @BeforeAll
    static void start() {
        lake = new LocalLake("schemaless");
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldMergeNullsEmptyArraysAndNumbersOfLaterRecordsIntoOneParquetObject() throws Exception {
        SinkResponse response = lake.sinkTaking("orders").process(batch("orders"));

        assertThat(response.written()).isEqualTo(3);
        assertThat(response.objects()).hasSize(1);
        assertThat(lake.columnTypes("topics/orders/*/*.parquet"))
                .containsEntry("id", "BIGINT")
                .containsEntry("price", "DOUBLE")
                .containsEntry("tags", "VARCHAR[]")
                .containsEntry("note", "VARCHAR")
                .containsEntry("lines", "STRUCT(sku BIGINT, qty DOUBLE)[]");
        List<Map<String, Object>> rows = lake.query("SELECT id, price, CAST(lines AS VARCHAR) AS lines FROM"
                + " read_parquet('${lake}/topics/orders/*/*.parquet') ORDER BY id");
        assertThat(rows).extracting(r -> r.get("price")).containsExactly(10.0, 10.5, null);
        assertThat(rows.get(1).get("lines")).isEqualTo("[{'sku': 7, 'qty': 1.0}, {'sku': NULL, 'qty': 2.5}]");
    }

    @Test
    void shouldMergeNullsEmptyArraysAndNumbersOfLaterRecordsIntoOneJsonObject() throws Exception {
        SinkResponse response = lake.sink("""
                  - name: orders-json
                    topics: orders.json
                    bucket: ${bucket}
                    format: json
                """).process(batch("orders.json"));

        assertThat(response.objects()).hasSize(1);
        String[] lines =
                new String(lake.get(lake.keys("topics/orders.json/").get(0)), StandardCharsets.UTF_8).split("\n");
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertThat(first.get("price").isDouble()).isTrue();
        assertThat(first.get("price").asDouble()).isEqualTo(10.0);
        assertThat(new ObjectMapper()
                        .readTree(lines[1])
                        .get("lines")
                        .get(0)
                        .get("qty")
                        .asDouble())
                .isEqualTo(1.0);
    }

    private static List<InputRecord> batch(String topic) {
        return List.of(
                lake.rawRecord(
                        topic,
                        0,
                        0,
                        null,
                        "{\"id\": 1, \"price\": 10, \"tags\": [], \"note\": null," + " \"lines\": []}"),
                lake.rawRecord(
                        topic,
                        0,
                        1,
                        null,
                        "{\"id\": 2, \"price\": 10.5, \"tags\": [\"a\"], \"note\": \"x\","
                                + " \"lines\": [{\"sku\": 7, \"qty\": 1}, {\"qty\": 2.5}]}"),
                lake.rawRecord(topic, 0, 2, null, "{\"id\": 3, \"price\": null, \"tags\": null, \"lines\": null}"));
    }
}
