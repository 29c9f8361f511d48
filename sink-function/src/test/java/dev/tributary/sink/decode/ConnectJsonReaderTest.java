package dev.tributary.sink.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.record.ConnectJsonWriter;
import dev.tributary.sink.schema.SchemaMerger;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/** Reads what JsonConverter reads, the same way, whether or not it has seen the schema before. */
class ConnectJsonReaderTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .name("address")
            .field("address_id", Schema.INT32_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("day", Date.builder().optional().build())
            .field("at", Timestamp.builder().optional().build())
            .field("district", Schema.STRING_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field(
                    "tags",
                    SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA)
                            .optional()
                            .build())
            .field(
                    "scores",
                    SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA)
                            .optional()
                            .build())
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("flag", SchemaBuilder.bool().optional().defaultValue(true).build())
            .build();

    private final ConnectJsonReader reader = new ConnectJsonReader();
    private final ConnectJsonWriter writer = new ConnectJsonWriter();

    @Test
    void shouldReadRecordsAsJsonConverterDoesTheFirstTimeAndEveryTimeAfter() {
        for (int i = 0; i < 3; i++) {
            Struct row = new Struct(ROW)
                    .put("address_id", i)
                    .put("small", (short) -i)
                    .put("amount", new BigDecimal("12.3" + i))
                    .put("day", new java.util.Date(86_400_000L * 19_000))
                    .put("at", new java.util.Date(1_764_064_800_123L))
                    .put("district", "Zürich \"" + i + "\"")
                    .put("ratio", 0.5)
                    .put("tags", Arrays.asList("a", null))
                    .put("scores", Map.of(7, "seven"))
                    .put("blob", new byte[] {1, 2});
            byte[] bytes = writer.write(ROW, row);

            SchemaAndValue read = reader.read(bytes);

            SchemaAndValue expected = converter().toConnectData("t", bytes);
            assertThat(read.schema()).isEqualTo(expected.schema());
            assertThat(read.value()).isEqualTo(expected.value());
        }
    }

    @Test
    void shouldReadAnEnvelopeWrittenWithOtherSpacing() {
        byte[] spaced = "{ \"schema\": {\"type\": \"int32\", \"optional\": false}, \"payload\": 42 }"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(reader.read(spaced)).isEqualTo(new SchemaAndValue(Schema.INT32_SCHEMA, 42));
    }

    @Test
    void shouldInferASchemaForPlainJson() {
        SchemaAndValue read = reader.read("{\"id\": 7, \"name\": \"x\", \"score\": 1.5, \"ok\": true, \"gone\": null}"
                .getBytes(StandardCharsets.UTF_8));

        Struct value = (Struct) read.value();
        assertThat(read.schema().fields())
                .extracting(f -> f.name() + ":" + f.schema().type())
                .containsExactly("id:INT64", "name:STRING", "score:FLOAT64", "ok:BOOLEAN", "gone:STRING");
        assertThat(value.getInt64("id")).isEqualTo(7L);
        assertThat(value.get("gone")).isNull();
    }

    @Test
    void shouldInferASchemaForAnEnvelopeWhoseSchemaIsNull() {
        // What JsonConverter with schemas.enable writes for a value without a Connect schema, compact and spaced.
        byte[] compact = "{\"schema\":null,\"payload\":{\"id\":7,\"name\":\"x\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] spaced = "{ \"schema\": null, \"payload\": {\"id\": 8} }".getBytes(StandardCharsets.UTF_8);
        byte[] tombstone = "{\"schema\":null,\"payload\":null}".getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < 2; i++) {
            SchemaAndValue read = reader.read(compact);
            assertThat(read.schema().fields())
                    .extracting(f -> f.name() + ":" + f.schema().type())
                    .containsExactly("id:INT64", "name:STRING");
            assertThat(((Struct) read.value()).getInt64("id")).isEqualTo(7L);
        }
        assertThat(((Struct) reader.read(spaced).value()).getInt64("id")).isEqualTo(8L);
        assertThat(reader.read(tombstone)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void shouldInferOneTypeForTheElementsOfAnArrayByMergingThem() {
        SchemaAndValue read = reader.read(("{\"prices\": [10, 10.5], \"lines\": [{\"sku\": 1}, {\"note\": \"x\"},"
                        + " null], \"tags\": [], \"gone\": null}")
                .getBytes(StandardCharsets.UTF_8));

        Schema schema = read.schema();
        assertThat(schema.field("prices").schema().valueSchema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(schema.field("lines").schema().valueSchema().fields())
                .extracting(f -> f.name() + ":" + f.schema().type())
                .containsExactly("sku:INT64", "note:STRING");
        assertThat(schema.field("tags").schema().valueSchema().name()).isEqualTo(SchemaMerger.UNKNOWN);
        assertThat(schema.field("gone").schema().name()).isEqualTo(SchemaMerger.UNKNOWN);
        Struct value = (Struct) read.value();
        assertThat(value.getArray("prices")).containsExactly(10.0, 10.5);
        assertThat(((Struct) value.getArray("lines").get(1)).getString("note")).isEqualTo("x");
        assertThat(value.getArray("lines").get(2)).isNull();
        assertThat(value.getArray("tags")).isEmpty();
    }

    @Test
    void shouldInferSchemasOfLaterRecordsThatMergeWithEarlierOnes() {
        Schema first = reader.read(
                        "{\"id\": 1, \"price\": 10, \"tags\": [], \"note\": null}".getBytes(StandardCharsets.UTF_8))
                .schema();
        Schema second = reader.read("{\"id\": 2, \"price\": 10.5, \"tags\": [\"a\"], \"note\": \"x\"}"
                        .getBytes(StandardCharsets.UTF_8))
                .schema();

        assertThat(SchemaMerger.merge(first, second).fields())
                .extracting(f -> f.name() + ":" + f.schema().type()
                        + (f.schema().type() == Schema.Type.ARRAY
                                ? "<" + f.schema().valueSchema().type() + ">"
                                : ""))
                .containsExactly("id:INT64", "price:FLOAT64", "tags:ARRAY<STRING>", "note:STRING");
        assertThat(SchemaMerger.merge(first, second).field("note").schema().name())
                .isNull();
    }

    @Test
    void shouldRefuseAnArrayWhoseElementsHaveNoCommonType() {
        assertThatThrownBy(() -> reader.read("{\"mixed\": [1, \"one\"]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot infer one type for the elements of the array [1,\"one\"] because they differ:"
                        + " Cannot merge INT64 and STRING at value");
    }

    @Test
    void shouldRefuseAPayloadThatBreaksItsSchema() {
        byte[] wrong =
                "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"field\":\"id\"}],\"optional\":false},\"payload\":{\"id\":\"seven\"}}"
                        .getBytes(StandardCharsets.UTF_8);
        byte[] notJson = "not json at all".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader.read(wrong))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("seven");
        assertThatThrownBy(() -> reader.read(notJson)).isInstanceOf(DataException.class);
        assertThat(reader.read(null)).isEqualTo(SchemaAndValue.NULL);
    }

    private static JsonConverter converter() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        return converter;
    }
}
