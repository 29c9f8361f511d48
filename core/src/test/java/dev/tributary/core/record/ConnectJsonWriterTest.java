package dev.tributary.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/** The fast writer must produce byte for byte what Kafka Connect's JsonConverter produces. */
class ConnectJsonWriterTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .name("pagila.public.address.Value")
            .field("address_id", Schema.INT32_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("tiny", Schema.OPTIONAL_INT8_SCHEMA)
            .field("big", Schema.INT64_SCHEMA)
            .field("real", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("double", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("address", SchemaBuilder.string().doc("street \"line\"").build())
            .field("address2", Schema.OPTIONAL_STRING_SCHEMA)
            .field(
                    "amount",
                    Decimal.builder(2)
                            .parameter("connect.decimal.precision", "10")
                            .optional()
                            .build())
            .field("day", Date.builder().optional().build())
            .field("at", Time.builder().optional().build())
            .field("updated", Timestamp.builder().optional().build())
            .field(
                    "micros",
                    SchemaBuilder.int64()
                            .name("io.debezium.time.MicroTimestamp")
                            .version(1)
                            .build())
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .field(
                    "tags",
                    SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA)
                            .optional()
                            .build())
            .field(
                    "attributes",
                    SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA)
                            .optional()
                            .build())
            .field(
                    "by_id",
                    SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA)
                            .optional()
                            .build())
            .field(
                    "nested",
                    SchemaBuilder.struct()
                            .field("x", Schema.FLOAT64_SCHEMA)
                            .optional()
                            .build())
            .field(
                    "defaulted",
                    SchemaBuilder.string().optional().defaultValue("n/a").build())
            .build();

    private final ConnectJsonWriter writer = new ConnectJsonWriter();

    @Test
    void shouldWriteWhatJsonConverterWritesForEveryType() {
        Map<String, Integer> attributes = new LinkedHashMap<>();
        attributes.put("floors", 3);
        attributes.put("rooms", 12);
        Map<Integer, String> byId = new LinkedHashMap<>();
        byId.put(7, "seven");
        Struct row = new Struct(ROW)
                .put("address_id", 42)
                .put("small", (short) -7)
                .put("tiny", (byte) 3)
                .put("big", Long.MAX_VALUE)
                .put("real", 1.25f)
                .put("double", 1e-300)
                .put("flag", true)
                .put("address", "47 MySakila Drive \u2013 \"Zürich\"\n\ttab \u0001 東京")
                .put("amount", new BigDecimal("-12345678.90"))
                .put("day", new java.util.Date(86_400_000L * 19_000))
                .put("at", new java.util.Date(3_723_004L))
                .put("updated", new java.util.Date(1_764_064_800_123L))
                .put("micros", 1_764_064_800_123_456L)
                .put("blob", new byte[] {0, 1, 2, (byte) 0xff})
                .put("tags", Arrays.asList("a", null, "c"))
                .put("attributes", attributes)
                .put("by_id", byId)
                .put("nested", new Struct(ROW.field("nested").schema()).put("x", Double.NaN));

        assertWritesAsJsonConverter(ROW, row);
    }

    @Test
    void shouldWriteFieldValuesExactlyAsTheStructTheyMake() {
        Struct row = withRequiredFields(7, 1L, "x\"y", 5L)
                .put("amount", new BigDecimal("1.50"))
                .put("tags", List.of("t"));
        Object[] values = ROW.fields().stream().map(row::get).toArray();

        assertThat(text(writer.writeStruct(ROW, values))).isEqualTo(jsonConverterText(ROW, row));
    }

    @Test
    void shouldWriteNullsAndDefaultsAsJsonConverterDoes() {
        Struct sparse = withRequiredFields(1, 0L, "", 0L);

        assertWritesAsJsonConverter(ROW, sparse);
        assertWritesAsJsonConverter(Schema.OPTIONAL_INT32_SCHEMA, null);
        assertThat(writer.write(null, null)).isNull();
    }

    @Test
    void shouldWritePrimitiveKeysAsJsonConverterDoes() {
        for (Object[] keyCase :
                List.of(new Object[] {Schema.INT32_SCHEMA, 17}, new Object[] {Schema.STRING_SCHEMA, "k"}, new Object[] {
                    Schema.INT64_SCHEMA, -1L
                })) {
            assertWritesAsJsonConverter((Schema) keyCase[0], keyCase[1]);
        }
    }

    @Test
    void shouldRefuseANullForARequiredField() {
        Struct missing = new Struct(
                SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build());

        assertThatThrownBy(() -> writer.write(missing.schema(), missing))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("null value for field that is required");
    }

    @Test
    void shouldWriteTheNextRecordCorrectlyAfterOneFailedHalfWay() {
        Schema schema = SchemaBuilder.struct()
                .field("a", Schema.STRING_SCHEMA)
                .field("b", Schema.INT32_SCHEMA)
                .build();
        Struct broken = new Struct(schema).put("a", "x");
        Struct whole = new Struct(schema).put("a", "y").put("b", 2);

        assertThatThrownBy(() -> writer.write(schema, broken)).isInstanceOf(DataException.class);

        assertWritesAsJsonConverter(schema, whole);
    }

    /** A row of ROW with its required fields alone set. */
    private static Struct withRequiredFields(int addressId, long big, String address, long micros) {
        return new Struct(ROW)
                .put("address_id", addressId)
                .put("big", big)
                .put("address", address)
                .put("micros", micros);
    }

    /** The writer writes the value byte for byte as Kafka Connect's JsonConverter does. */
    private void assertWritesAsJsonConverter(Schema schema, Object value) {
        assertThat(text(writer.write(schema, value))).isEqualTo(jsonConverterText(schema, value));
    }

    /** What Kafka Connect's JsonConverter, with schemas, writes for the value. */
    private static String jsonConverterText(Schema schema, Object value) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        return text(converter.fromConnectData("t", schema, value));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
