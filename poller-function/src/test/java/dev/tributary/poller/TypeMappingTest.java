package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.poller.LocalPipeline.Consumed;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every PostgreSQL type the poller maps, end to end through Kafka, in JsonConverter's format. */
class TypeMappingTest {

    private static LocalPipeline local;
    private static List<Consumed> records;

    @BeforeAll
    static void start() throws Exception {
        local = LocalPipeline.empty("types");
        local.execute(
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE typed (id int PRIMARY KEY, small int2, big int8 NOT NULL, amount numeric(10,2),"
                        + " exact numeric, real_value real, double_value double precision, flag boolean,"
                        + " label varchar(20), code char(3), body text, day date, at time, local_time timestamp,"
                        + " instant timestamptz, blob bytea, id_uuid uuid, doc json, docb jsonb, numbers int4[],"
                        + " words text[], feeling mood, span interval, blobs bytea[], instants timestamptz[],"
                        + " locals timestamp[], days date[], moods mood[],"
                        + " last_update timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO typed VALUES (1, -7, 9007199254740993, -12345678.90, 1.23456789012345678901234567890,"
                        + " 1.5, 2.25, true, 'Zürich', 'ab', 'Ünïcödé ✓ 東京', '2024-02-29', '12:34:56.123456',"
                        + " '2024-01-01 00:00:00.123456', '2024-01-01 00:00:00.654321+05:30', '\\x00ff10',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": 1}', '{\"b\": [1, 2]}', '{1,NULL,3}',"
                        + " '{\"a b\",c}', 'happy', '1 day 02:00:00', ARRAY['\\x00ff'::bytea, NULL],"
                        + " ARRAY['2024-01-01 00:00:00.654321+05:30'::timestamptz],"
                        + " ARRAY['2024-01-01 00:00:00.123456'::timestamp], ARRAY['2024-02-29'::date],"
                        + " ARRAY['ok'::mood, 'sad'])",
                "INSERT INTO typed (id, big) VALUES (2, 0)",
                "INSERT INTO typed (id, big, exact) VALUES (3, 1, 'NaN')",
                "INSERT INTO typed (id, big, amount) VALUES (4, 2, 'NaN')");
        Poller poller = local.start(local.pipeline("""
                  - name: typed
                    tables: typed
                    topic-prefix: %s
                    mode: timestamp
                    timestamp-columns: last_update
                """.formatted(local.topicPrefix)));
        LocalPipeline.pollOnce(poller);
        records = local.read(local.topicPrefix + "typed");
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void shouldWriteArraysOfBytesTimesAndEnumsAsTheirScalarsAreWritten() {
        JsonNode payload = records.stream()
                .filter(r -> r.payload().get("id").asInt() == 1)
                .findFirst()
                .orElseThrow()
                .payload();
        assertThat(payload.get("blobs").toString()).isEqualTo("[\"AP8=\",null]");
        assertThat(payload.get("instants").toString()).isEqualTo("[\"2023-12-31T18:30:00.654321Z\"]");
        assertThat(payload.get("locals").toString()).isEqualTo("[\"2024-01-01T00:00:00.123456\"]");
        assertThat(payload.get("days").toString()).isEqualTo("[\"2024-02-29\"]");
        assertThat(payload.get("moods").toString()).isEqualTo("[\"ok\",\"sad\"]");
    }

    @ParameterizedTest
    @CsvSource({
        "id, int32/required",
        "small, int16/optional",
        "big, int64/required",
        "amount, bytes/optional/org.apache.kafka.connect.data.Decimal",
        "exact, string/optional/dev.tributary.data.VariableDecimal",
        "real_value, float/optional",
        "double_value, double/optional",
        "flag, boolean/optional",
        "day, int32/optional/org.apache.kafka.connect.data.Date",
        "at, int64/optional/io.debezium.time.MicroTime",
        "local_time, int64/optional/io.debezium.time.MicroTimestamp",
        "instant, string/optional/io.debezium.time.ZonedTimestamp",
        "blob, bytes/optional",
        "id_uuid, string/optional/io.debezium.data.Uuid",
        "docb, string/optional/io.debezium.data.Json",
        "numbers, array/optional",
        "feeling, string/optional/io.debezium.data.Enum",
        "span, string/optional"
    })
    void shouldMapEachColumnTypeToItsConnectSchema(String column, String schema) {
        assertThat(field(records.get(0).value().get("schema").get("fields"), column))
                .isEqualTo(schema);
    }

    @Test
    void shouldGiveDecimalsArraysAndEnumsTheirSchemasParameters() {
        JsonNode fields = records.get(0).value().get("schema").get("fields");
        assertThat(schemaOf(fields, "amount").get("parameters").get("scale").asText())
                .isEqualTo("2");
        assertThat(schemaOf(fields, "numbers").get("items").get("type").asText())
                .isEqualTo("int32");
        assertThat(schemaOf(fields, "feeling").get("parameters").get("allowed").asText())
                .isEqualTo("sad,ok,happy");
    }

    @Test
    void shouldCarryEveryValueExactly() {
        JsonNode row = byId(1);
        assertThat(row.get("small").asInt()).isEqualTo(-7);
        assertThat(row.get("big").asLong()).isEqualTo(9007199254740993L);
        assertThat(new BigDecimal(
                        new BigInteger(
                                Base64.getDecoder().decode(row.get("amount").asText())),
                        2))
                .isEqualByComparingTo("-12345678.90");
        assertThat(row.get("exact").asText()).isEqualTo("1.23456789012345678901234567890");
        assertThat(row.get("real_value").floatValue()).isEqualTo(1.5f);
        assertThat(row.get("flag").asBoolean()).isTrue();
        assertThat(row.get("label").asText()).isEqualTo("Zürich");
        assertThat(row.get("code").asText()).isEqualTo("ab ");
        assertThat(row.get("body").asText()).isEqualTo("Ünïcödé ✓ 東京");
        assertThat(row.get("day").asInt()).isEqualTo(19782);
        assertThat(row.get("at").asLong()).isEqualTo(45_296_123_456L);
        assertThat(row.get("local_time").asLong()).isEqualTo(1_704_067_200_123_456L);
        assertThat(row.get("instant").asText()).isEqualTo("2023-12-31T18:30:00.654321Z");
        assertThat(Base64.getDecoder().decode(row.get("blob").asText())).containsExactly(0, 0xff, 0x10);
        assertThat(row.get("id_uuid").asText()).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(row.get("docb").asText()).isEqualTo("{\"b\": [1, 2]}");
        assertThat(row.get("numbers").toString()).isEqualTo("[1,null,3]");
        assertThat(row.get("words").toString()).isEqualTo("[\"a b\",\"c\"]");
        assertThat(row.get("feeling").asText()).isEqualTo("happy");
        assertThat(row.get("span").asText()).isEqualTo("1 day 02:00:00");
        JsonNode nulls = byId(2);
        assertThat(nulls.get("small").isNull()).isTrue();
        assertThat(nulls.get("amount").isNull()).isTrue();
        assertThat(nulls.get("numbers").isNull()).isTrue();
        assertThat(byId(3).get("exact").asText()).isEqualTo("NaN");
    }

    @Test
    void shouldSendARowNoSchemaCanHoldToTheDeadLetterTopicWithItsReason() {
        assertThat(records).extracting(r -> r.payload().get("id").asInt()).containsExactlyInAnyOrder(1, 2, 3);
        List<Consumed> dead = local.read(local.topicPrefix + "dead-letter");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value().get("id").asText()).isEqualTo("4");
        assertThat(dead.get(0).value().get("amount").asText()).isEqualTo("NaN");
        assertThat(dead.get(0).headers())
                .containsEntry("tributary.source", "typed")
                .containsEntry("tributary.table", "public.typed");
        assertThat(dead.get(0).headers().get("tributary.error.reason"))
                .contains("numeric 'NaN'")
                .contains("amount");
    }

    private static JsonNode byId(int id) {
        return records.stream()
                .map(Consumed::payload)
                .filter(p -> p.get("id").asInt() == id)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldTypeValuesAsKafkaConnectsJdbcSourceAndKeepMicrosecondMarks() throws Exception {
        local.execute(
                "CREATE TABLE connect_typed (id int PRIMARY KEY, at time, local_time timestamp,"
                        + " instant timestamptz, id_uuid uuid, docb jsonb, feeling mood, changed timestamp(6) NOT NULL)",
                "INSERT INTO connect_typed VALUES (1, '12:34:56.123456', '2024-01-01 00:00:00.123456',"
                        + " '2024-01-01 00:00:00.654321+05:30', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"b\": 1}',"
                        + " 'ok', '2024-01-01 00:00:00.000101')",
                "INSERT INTO connect_typed (id, changed) VALUES (2, '2024-01-01 00:00:00.000102'),"
                        + " (3, '2024-01-01 00:00:00.000103')");
        Poller poller = local.start(local.pipeline("""
                  - name: connect_typed
                    tables: connect_typed
                    topic-prefix: %s
                    mode: timestamp
                    timestamp-columns: changed
                    batch-max-rows: 1
                    record-key: none
                    type-mapping: kafka-connect
                """.formatted(local.topicPrefix)));

        PollResponse first = LocalPipeline.pollOnce(poller);
        assertThat(first.sources().get(0).error()).as(first.toString()).isNull();
        assertThat(first.rows()).as(first.toString()).isPositive();
        LocalPipeline.pollOnce(poller);
        List<Consumed> connect = local.read(local.topicPrefix + "connect_typed");

        assertThat(LocalPipeline.ints(connect, "id"))
                .as("rows a microsecond apart, one batch each, read once")
                .containsExactly(1, 2, 3);
        assertThat(connect).allSatisfy(r -> assertThat(r.key()).isNull());
        JsonNode fields = connect.get(0).value().get("schema").get("fields");
        assertThat(fieldSchemas(fields))
                .containsAllEntriesOf(Map.of(
                        "at", "int32/optional/org.apache.kafka.connect.data.Time",
                        "local_time", "int64/optional/org.apache.kafka.connect.data.Timestamp",
                        "instant", "int64/optional/org.apache.kafka.connect.data.Timestamp",
                        "id_uuid", "string/optional",
                        "docb", "string/optional",
                        "feeling", "string/optional"));
        JsonNode payload = connect.get(0).value().get("payload");
        assertThat(payload.get("at").asLong()).isEqualTo(45_296_123L);
        assertThat(payload.get("local_time").asLong()).isEqualTo(1_704_067_200_123L);
        assertThat(payload.get("instant").asLong()).isEqualTo(1_704_047_400_654L);
        assertThat(payload.get("id_uuid").asText()).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    }

    private static JsonNode schemaOf(JsonNode fields, String name) {
        for (JsonNode field : fields) {
            if (field.get("field").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name);
    }

    /** Each field's schema, as {@link #field} describes it. */
    private static Map<String, String> fieldSchemas(JsonNode fields) {
        Map<String, String> schemas = new LinkedHashMap<>();
        for (JsonNode field : fields) {
            String name = field.get("field").asText();
            schemas.put(name, field(fields, name));
        }
        return schemas;
    }

    private static String field(JsonNode fields, String name) {
        JsonNode field = schemaOf(fields, name);
        return field.get("type").asText() + "/" + (field.get("optional").asBoolean() ? "optional" : "required")
                + (field.has("name") ? "/" + field.get("name").asText() : "");
    }
}
