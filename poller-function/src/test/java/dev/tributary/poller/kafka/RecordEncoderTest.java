package dev.tributary.poller.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.pipeline.SourceConfig.KeyFormat;
import dev.tributary.core.pipeline.SourceConfig.ValueFormat;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.Test;

/** Keys and values are the bytes Kafka Connect's own converters write for the formats that name them. */
class RecordEncoderTest {

    private static final Schema NESTED = SchemaBuilder.struct()
            .name("nested")
            .field("tag", Schema.STRING_SCHEMA)
            .build();
    /** A row with the shapes a source and its transforms produce, including field values that look like envelopes. */
    private static final Schema ROW = SchemaBuilder.struct()
            .name("pagila.address")
            .parameter("payload", ",\"payload\":")
            .field("address_id", Schema.INT32_SCHEMA)
            .field("address", Schema.STRING_SCHEMA)
            .field("district", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.schema(2))
            .field("last_update", Timestamp.SCHEMA)
            .field("created", Date.SCHEMA)
            .field("active", Schema.BOOLEAN_SCHEMA)
            .field("ratio", Schema.FLOAT64_SCHEMA)
            .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("nested", NESTED)
            .build();

    @Test
    void shouldWriteValuesWithoutTheEnvelopeAsJsonConverterWithoutSchemasDoes() {
        RecordEncoder encoder = new RecordEncoder(KeyFormat.JSON_WITH_SCHEMA, ValueFormat.JSON);
        Object[] values = row(7, null);
        Struct value = struct(ROW, values);
        byte[] expected = converter(false).fromConnectData("t", ROW, value);

        assertThat(new String(encoder.value(record(null, null, value)), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(encoder.valueStruct(ROW, values))
                .as("the fast path writes the same")
                .isEqualTo(expected);
        assertThat(encoder.valueStruct(ROW, row(8, "Alberta")))
                .as("and again, from what it remembers of the schema")
                .isEqualTo(converter(false).fromConnectData("t", ROW, struct(ROW, row(8, "Alberta"))));
    }

    @Test
    void shouldKeepTheEnvelopeByDefaultAsJsonConverterWithSchemasDoes() {
        RecordEncoder encoder = new RecordEncoder();
        Struct value = struct(ROW, row(7, "Texas"));

        assertThat(encoder.value(record(null, null, value)))
                .isEqualTo(converter(true).fromConnectData("t", ROW, value));
        assertThat(encoder.valueStruct(ROW, row(7, "Texas")))
                .isEqualTo(converter(true).fromConnectData("t", ROW, value));
    }

    @Test
    void shouldWriteKeysAsStringIntegerLongAndJsonConvertersDo() {
        Schema keySchema = SchemaBuilder.struct()
                .field("address_id", Schema.INT32_SCHEMA)
                .field("city", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Struct structKey = new Struct(keySchema).put("address_id", 100);
        StringConverter strings = new StringConverter();
        strings.configure(Map.of(), true);

        assertThat(new RecordEncoder(KeyFormat.STRING, ValueFormat.JSON_WITH_SCHEMA)
                        .key(record(keySchema, structKey, null)))
                .as("Struct.toString, without null fields")
                .isEqualTo(strings.fromConnectData("t", keySchema, structKey))
                .isEqualTo("Struct{address_id=100}".getBytes(StandardCharsets.UTF_8));
        assertThat(new RecordEncoder(KeyFormat.STRING, ValueFormat.JSON_WITH_SCHEMA)
                        .keyStruct(keySchema, new Object[] {100, null}))
                .isEqualTo("Struct{address_id=100}".getBytes(StandardCharsets.UTF_8));
        assertThat(new RecordEncoder(KeyFormat.STRING, ValueFormat.JSON_WITH_SCHEMA)
                        .key(record(Schema.STRING_SCHEMA, "ab-12", null)))
                .isEqualTo("ab-12".getBytes(StandardCharsets.UTF_8));
        assertThat(new RecordEncoder(KeyFormat.INTEGER, ValueFormat.JSON_WITH_SCHEMA)
                        .key(record(Schema.INT32_SCHEMA, 100, null)))
                .isEqualTo(ByteBuffer.allocate(4).putInt(100).array());
        assertThat(new RecordEncoder(KeyFormat.LONG, ValueFormat.JSON_WITH_SCHEMA)
                        .key(record(Schema.INT64_SCHEMA, 100L, null)))
                .isEqualTo(ByteBuffer.allocate(8).putLong(100L).array());
        assertThat(new RecordEncoder(KeyFormat.JSON, ValueFormat.JSON_WITH_SCHEMA)
                        .key(record(keySchema, structKey, null)))
                .isEqualTo(converter(false).fromConnectData("t", keySchema, structKey));
        assertThat(new RecordEncoder(KeyFormat.JSON, ValueFormat.JSON_WITH_SCHEMA)
                        .keyStruct(keySchema, new Object[] {100, null}))
                .isEqualTo(converter(false).fromConnectData("t", keySchema, structKey));
    }

    @Test
    void shouldWriteNoKeyForARecordWithoutOneWhateverTheFormat() {
        for (KeyFormat format : KeyFormat.values()) {
            assertThat(new RecordEncoder(format, ValueFormat.JSON).key(record(null, null, null)))
                    .as(format.name())
                    .isNull();
        }
        assertThat(new RecordEncoder(KeyFormat.JSON, ValueFormat.JSON).value(record(null, null, null)))
                .as("a tombstone stays one")
                .isNull();
    }

    @Test
    void shouldRefuseAKeyTheNumberFormatsCannotWriteSoItsRowIsDeadLettered() {
        assertThatThrownBy(() -> new RecordEncoder(KeyFormat.INTEGER, ValueFormat.JSON_WITH_SCHEMA)
                        .key(record(Schema.INT64_SCHEMA, 100L, null)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot write the key in key-format integer because it is a java.lang.Long, not an int32"
                        + " (IntegerConverter writes those only): make it one with transforms (ValueToKey, then"
                        + " ExtractField$Key)");
        Schema keySchema =
                SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        assertThatThrownBy(() -> new RecordEncoder(KeyFormat.LONG, ValueFormat.JSON_WITH_SCHEMA)
                        .keyStruct(keySchema, new Object[] {1L}))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("because it is a org.apache.kafka.connect.data.Struct, not an int64");
    }

    @Test
    void shouldWriteASchemalessValueAsJsonConverterWithoutSchemasDoes() {
        Map<String, Object> value = Map.of("id", 1L);

        assertThat(new RecordEncoder(KeyFormat.JSON, ValueFormat.JSON).value(record(null, null, value)))
                .isEqualTo(converter(false).fromConnectData("t", null, value));
    }

    private static Object[] row(int id, String district) {
        return new Object[] {
            id,
            "47 MySakila Drive",
            district,
            new BigDecimal("12.50"),
            new java.util.Date(1_700_000_000_123L),
            new java.util.Date(86_400_000L * 19_000),
            true,
            0.25,
            new byte[] {1, 2, 3},
            List.of("a", "{\"schema\":"),
            new Struct(NESTED).put("tag", "x")
        };
    }

    private static Struct struct(Schema schema, Object[] values) {
        Struct struct = new Struct(schema);
        for (int i = 0; i < values.length; i++) {
            struct.put(schema.fields().get(i), values[i]);
        }
        return struct;
    }

    private static SourceRecord record(Schema keySchema, Object key, Object value) {
        Schema valueSchema = value instanceof Struct struct ? struct.schema() : null;
        return new SourceRecord(Map.of(), Map.of(), "t", null, keySchema, key, valueSchema, value);
    }

    private static JsonConverter converter(boolean schemas) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, String.valueOf(schemas)), false);
        return converter;
    }
}
