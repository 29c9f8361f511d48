package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parquet and JSON objects name columns alike, nested ones too, in a way Glue (case-insensitive) can hold. */
class ColumnNamingTest {

    static final Schema B =
            SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();
    static final Schema A = SchemaBuilder.struct().field("b", B).build();
    static final Schema A_B =
            SchemaBuilder.struct().field("y", Schema.STRING_SCHEMA).build();
    static final Schema PERSON =
            SchemaBuilder.struct().field("first-name", Schema.STRING_SCHEMA).build();
    static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("Zürich-Nord", Schema.INT32_SCHEMA)
            .field("Amount", Schema.INT32_SCHEMA)
            .field("amount", Schema.INT32_SCHEMA)
            .field("person", PERSON)
            .field("a", A)
            .field("a_b", A_B)
            .build();

    private static LocalLake lake;

    @BeforeAll
    static void write() {
        lake = new LocalLake("naming");
        Struct row = new Struct(ROW)
                .put("id", 1)
                .put("Zürich-Nord", 2)
                .put("Amount", 3)
                .put("amount", 4)
                .put("person", new Struct(PERSON).put("first-name", "Ada"))
                .put("a", new Struct(A).put("b", new Struct(B).put("x", 5)))
                .put("a_b", new Struct(A_B).put("y", "why"));
        SinkResponse response = lake.sink("""
                  - name: parquet
                    topics: named
                    bucket: ${bucket}
                  - name: json
                    topics: named.json
                    bucket: ${bucket}
                    format: json
                """)
                .process(List.of(lake.unkeyed("named", 0, ROW, row), lake.unkeyed("named.json", 0, ROW, row)));
        assertThat(response.written()).isEqualTo(2);
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldNameColumnsAlikeInParquetAndJsonAtEveryLevel() throws Exception {
        List<Map<String, Object>> parquet = lake.query("DESCRIBE SELECT * FROM read_parquet("
                + "'${lake}/topics/named/*/*.parquet', hive_partitioning = false)");
        JsonNode json = new ObjectMapper()
                .readTree(new String(lake.get(lake.keys("topics/named.json/").get(0)), StandardCharsets.UTF_8)
                        .split("\n")[0]);

        List<String> columns =
                parquet.stream().map(c -> (String) c.get("column_name")).toList();
        assertThat(names(json)).isEqualTo(columns);
        assertThat(columns).startsWith("id", "Zürich_Nord", "Amount_" + crc("Amount"), "amount", "person", "a", "a_b");
        assertThat(parquet.get(4).get("column_type")).isEqualTo("STRUCT(first_name VARCHAR)");
        assertThat(names(json.get("person"))).containsExactly("first_name");
        assertThat(columns.stream().map(String::toLowerCase).distinct()).hasSameSizeAs(columns);
    }

    @Test
    void shouldWriteAStructBesideAnotherWhoseNestedPathJoinsToItsName() throws Exception {
        List<Map<String, Object>> rows = lake.query("SELECT a.b.x AS x, a_b.y AS y FROM read_parquet("
                + "'${lake}/topics/named/*/*.parquet', hive_partitioning = false)");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("x", 5).containsEntry("y", "why");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String crc(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
