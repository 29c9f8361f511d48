package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.sink.event.InputRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed walkthrough's three sinks: their object names, layouts and fields. */
class SeedLayoutTest {

    static final Schema ADDRESS_KEY =
            SchemaBuilder.struct().field("address_id", Schema.INT32_SCHEMA).build();
    static final Schema ADDRESS = SchemaBuilder.struct()
            .name("address")
            .field("address_id", Schema.INT32_SCHEMA)
            .field("address", Schema.STRING_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .build();
    static final Schema QUERY = SchemaBuilder.struct()
            .field("address_id", Schema.INT32_SCHEMA)
            .field("address", Schema.STRING_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .field("country", Schema.STRING_SCHEMA)
            .field("message_topic", Schema.STRING_SCHEMA)
            .build();

    private static LocalLake lake;
    private static SinkResponse response;

    @BeforeAll
    static void write() {
        lake = new LocalLake("seed");
        SinkService sink = lake.sink("""
                  - name: public
                    topics-regex: pagila.public.(.*)
                    bucket: ${bucket}
                    format: json
                  - name: alt
                    topics: pagila.public.alt.address
                    bucket: ${bucket}
                    format: json
                  - name: query
                    topics: pagila.query
                    bucket: ${bucket}
                    format: parquet
                    compression: gzip
                    partitioner: field
                    partition-fields: country
                    transforms:
                      - type: ReplaceField$Value
                        renames: district:state_province
                      - type: InsertField$Value
                        static.field: message_source
                        static.value: pagila
                      - type: InsertField$Value
                        static.field: message_source_engine
                        static.value: postgresql
                      - type: InsertField$Value
                        static.field: environment
                        static.value: development
                """);
        List<InputRecord> records = new ArrayList<>();
        String[] countries = {"United States", "Canada", "United States", "Congo, The Democratic Republic of the"};
        for (int i = 0; i < 4; i++) {
            int id = 100 + i;
            Struct address = new Struct(ADDRESS)
                    .put("address_id", id)
                    .put("address", id + " MySakila Drive")
                    .put("district", "District " + i);
            records.add(lake.record(
                    "pagila.public.address",
                    0,
                    i,
                    ADDRESS_KEY,
                    new Struct(ADDRESS_KEY).put("address_id", id),
                    ADDRESS,
                    address));
            records.add(lake.record("pagila.public.alt.address", 0, 3 + i, Schema.INT32_SCHEMA, id, ADDRESS, address));
            records.add(lake.record(
                    "pagila.query",
                    0,
                    3 + i,
                    Schema.INT32_SCHEMA,
                    id,
                    QUERY,
                    new Struct(QUERY)
                            .put("address_id", id)
                            .put("address", id + " MySakila Drive")
                            .put("district", "District " + i)
                            .put("country", countries[i])
                            .put("message_topic", "pagila.query")));
        }
        response = sink.process(records);
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldLayOutObjectsAsTheSeedWalkthrough() {
        // As two Kafka Connect connectors would, both JSON sinks write the alt topic, to the same objects.
        assertThat(response.written()).isEqualTo(16);
        assertThat(lake.keys("topics/"))
                .containsExactly(
                        "topics/pagila.public.address/partition=0/pagila.public.address+0+0000000000.json",
                        "topics/pagila.public.alt.address/partition=0/pagila.public.alt.address+0+0000000003.json",
                        "topics/pagila.query/country=Canada/pagila.query+0+0000000004.gz.parquet",
                        "topics/pagila.query/country=Congo, The Democratic Republic of the/pagila.query+0+0000000006.gz.parquet",
                        "topics/pagila.query/country=United States/pagila.query+0+0000000003.gz.parquet");
    }

    @Test
    void shouldWriteJsonLinesWithTheRecordFields() throws Exception {
        String text = new String(
                lake.get("topics/pagila.public.address/partition=0/pagila.public.address+0+0000000000.json"),
                StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(4);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertThat(first.get("address_id").asInt()).isEqualTo(100);
        assertThat(first.get("district").asText()).isEqualTo("District 0");
        assertThat(first.get("__key_address_id").asInt()).isEqualTo(100);
        assertThat(first.get("__timestamp").asText())
                .as("times sort as text: always six fraction digits")
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
        JsonNode alt = new ObjectMapper()
                .readTree(new String(
                                lake.get(
                                        "topics/pagila.public.alt.address/partition=0/pagila.public.alt.address+0+0000000003.json"),
                                StandardCharsets.UTF_8)
                        .split("\n")[0]);
        assertThat(alt.get("__key").asInt()).isEqualTo(100);
    }

    @Test
    void shouldPartitionTheQueryByCountryWithoutRepeatingItAndWithTheTransformedFields() throws Exception {
        List<Map<String, Object>> inFile = lake.query("DESCRIBE SELECT * FROM read_parquet("
                + "'${lake}/topics/pagila.query/*/*.parquet', hive_partitioning = false)");
        assertThat(inFile)
                .extracting(c -> c.get("column_name"))
                .contains(
                        "address_id",
                        "state_province",
                        "message_source",
                        "message_source_engine",
                        "environment",
                        "message_topic")
                .doesNotContain("country", "district");

        List<Map<String, Object>> rows = lake.query("SELECT address_id, country, state_province, message_source,"
                + " message_source_engine, environment FROM read_parquet('${lake}/topics/pagila.query/*/*.parquet',"
                + " hive_partitioning = true) ORDER BY address_id");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0))
                .containsEntry("country", "United States")
                .containsEntry("state_province", "District 0")
                .containsEntry("message_source", "pagila")
                .containsEntry("message_source_engine", "postgresql")
                .containsEntry("environment", "development");
        assertThat(rows.get(3)).containsEntry("country", "Congo, The Democratic Republic of the");
    }
}
